using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Audit;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Contracts.Statistics;
using DistrictSferum.Grains.Audit;
using DistrictSferum.Grains.Statistics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using DistrictSferum.Grains.Users;

namespace DistrictSferum.Grains.Schools;

/// <summary>
/// A class's links and requests (<see cref="SchoolClassState"/>), stored as the class's rows. Admission is a small
/// saga: the class records the accepted request with the link's use (one commit), the school admits it (idempotent),
/// the class drops the request. A crash in between leaves an accepted request that the class admits again when it
/// next wakes (at once, and by a reminder until done); a refusal gives the use back. An administrator's action here
/// (a link created, revoked or annulled, a request decided) commits its admin-audit intent with it (issue 8).
/// </summary>
public sealed class SchoolClassGrain(
    ISchoolStore store,
    AuditIntents auditIntents,
    ContactKeys keys,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    ILogger<SchoolClassGrain> logger) : Grain, ISchoolClassGrain, ISchoolClassLinks, IRemindable
{
    private const string AdmissionReminder = "class-admissions";

    private SchoolClassState state = new();
    private long version;
    private readonly List<UsageRecord> usage = [];
    private readonly List<AuditIntent> audit = [];
    private int failedAdmissions;
    private IGrainTimer? dropTimer;

    private string SchoolId { get; set; } = "";

    private string ClassId { get; set; } = "";

    private ISchoolAdmissions School => GrainFactory.GetGrain<ISchoolAdmissions>(SchoolId);

    private DateTimeOffset Now => clock.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.IndexOf('/');
        (SchoolId, ClassId) = (key[..slash], key[(slash + 1)..]);
        var stored = await store.LoadClassAsync(SchoolId, ClassId, cancellationToken);
        state = SchoolClassState.From(stored);
        version = stored.Version;
        // No outbound call from here (the school may be waiting on this class): admissions resume right after.
        if (state.Unadmitted.Any()) RetryAdmissionsIn(TimeSpan.Zero);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != AdmissionReminder) return;
        await AdmitUnadmittedAsync();
        if (!state.Unadmitted.Any() && await this.GetReminder(AdmissionReminder) is { } reminder) await this.UnregisterReminder(reminder);
    }

    // --- links ---

    public async Task<CreatedInvite> CreateInvite(Actor actor, InviteRequest request)
    {
        if (request.ClassId != ClassId) throw DomainException.NotFound(SchoolErrors.ClassNotFound, "No such class in this school.");
        // Issue 9: with a client request id the link's id and secret derive from it, so a retry answers the first link.
        var scope = $"invite/{SchoolId}/{ClassId}";
        var (inviteId, token) = ClientRequestIds.LinkOf(keys, scope, actor.UserId, request.ClientRequestId);
        if (state.Invites.TryGetValue(inviteId, out var first) && first.CreatedBy == actor.UserId && first.TokenHash == LinkTokens.Hash(token))
            return new CreatedInvite(SchoolState.View(first), token);
        var hash = LinkTokens.Hash(token);
        var invite = await School.AuthorizeInvite(actor, inviteId, hash, request);
        // Bound before it is committed: a link the caller receives always resolves.
        await GrainFactory.GetGrain<IInviteTokenBinding>(hash).Bind(SchoolId, ClassId, invite.InviteId);
        state.AddInvite(invite);
        Count(UsageKinds.InviteCreated, actor.UserId, request.Role);
        Audit(AdminActions.InviteCreated, actor.UserId, null, $"invite {invite.InviteId}, role {request.Role}, class {request.ClassId}");
        await CommitAsync();
        return new CreatedInvite(SchoolState.View(invite), token);
    }

    public async Task<FollowResult> FollowInvite(Actor actor, string inviteId, string tokenHash)
    {
        var invite = state.RequireUsableLink(inviteId, tokenHash, Now);
        if (state.ExistingRequest(actor.UserId, invite) is { } existing)
        {
            if (existing.Accepted) await AdmitAsync(existing, actor.UserId, undoOnRefusal: true);
            return Followed(existing);
        }

        var profile = await GrainFactory.GetGrain<IUserDirectory>(actor.UserId).GetProfileUnchecked();
        await School.CheckJoin(actor.UserId, profile.IsDependent, ClassId, invite.Role, invite.StudentId);
        var request = state.Follow(invite, actor.UserId, profile.DisplayName, NewId(), Now);
        Count(UsageKinds.InviteUsed, actor.UserId, invite.Role);
        if (!request.Accepted) Count(UsageKinds.JoinRequested, actor.UserId, invite.Role);
        await CommitAsync();
        if (request.Accepted) await AdmitAsync(request, actor.UserId, undoOnRefusal: true);
        return Followed(request);
    }

    public async Task<InviteRecord> RevokeInvite(string actorId, bool administrator, string inviteId)
    {
        var invite = state.RevokeInvite(actorId, administrator, inviteId);
        Audit(AdminActions.InviteRevoked, actorId, null, $"invite {invite.InviteId}");
        await CommitAsync();
        return invite;
    }

    public async Task<int> AnnulUnusedInvites(string actorId, TimeSpan? olderThan)
    {
        var count = state.AnnulUnusedInvites(olderThan, Now);
        if (count > 0) Audit(AdminActions.InvitesAnnulled, actorId, null, $"{count} unused invite(s), class {ClassId}");
        await CommitAsync();
        return count;
    }

    public async Task RevokeAll()
    {
        state.RevokeAll();
        await CommitAsync();
    }

    public async Task Forget(string userId)
    {
        state.Forget(userId);
        await CommitAsync();
    }

    // --- requests ---

    public async Task<JoinRequestRecord> DecideJoinRequest(string actorId, string requestId, bool accept)
    {
        var request = state.RequirePending(requestId);
        // A refused admission leaves the request pending, as the administrator found it.
        if (accept) await School.Admit(request, actorId);
        state.Remove(request);
        Count(UsageKinds.JoinDecided, request.UserId, request.Role, (Now - request.CreatedAt).TotalSeconds);
        Audit(AdminActions.JoinRequestDecided, actorId, request.UserId, $"{(accept ? "accepted" : "rejected")} as {request.Role}, class {request.ClassId}");
        await CommitAsync();
        return request;
    }

    /// <summary>The school admits; then the request goes. A refusal undoes a link's use; any other failure is retried.</summary>
    private async Task AdmitAsync(JoinRequestRecord request, string actorId, bool undoOnRefusal)
    {
        try
        {
            await School.Admit(request, actorId);
        }
        catch (DomainException) when (undoOnRefusal)
        {
            state.Undo(request);
            await CommitAsync();
            throw;
        }
        catch (Exception e) when (e is not DomainException and not OutOfMemoryException)
        {
            failedAdmissions++;
            logger.LogWarning(e, "Admitting a request of class {ClassId} failed ({Attempt}); it is retried", ClassId, failedAdmissions);
            RetryAdmissionsIn(TimeSpan.FromSeconds(Math.Min(60, 2 * failedAdmissions)));
            await this.RegisterOrUpdateReminder(AdmissionReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            throw;
        }

        failedAdmissions = 0;
        state.Remove(request);
        DropAdmittedSoon();
    }

    /// <summary>
    /// An admitted request's row goes with the class's next save (the next join's, or this one a moment later): one
    /// commit per join instead of two. A crash before then leaves an accepted request, admitted again (idempotent)
    /// when the class wakes.
    /// </summary>
    private void DropAdmittedSoon()
    {
        dropTimer ??= this.RegisterGrainTimer(async _ =>
        {
            dropTimer?.Dispose();
            dropTimer = null;
            await CommitAsync();
        }, new GrainTimerCreationOptions(TimeSpan.FromMilliseconds(500), Timeout.InfiniteTimeSpan));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await CommitAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Class {ClassId} left admitted requests stored on deactivation; they are dropped when it wakes", ClassId);
        }
    }

    private async Task AdmitUnadmittedAsync()
    {
        foreach (var request in state.Unadmitted)
        {
            try
            {
                await AdmitAsync(request, request.UserId, undoOnRefusal: true);
            }
            catch (DomainException e)
            {
                logger.LogInformation("A request of class {ClassId} accepted before a failure was refused on retry: {Code}", ClassId, e.Code);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return;
            }
        }
    }

    private void RetryAdmissionsIn(TimeSpan due) =>
        this.RegisterGrainTimer(AdmitUnadmittedAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));

    // --- plumbing ---

    private async Task CommitAsync()
    {
        var (invites, requests, removed) = state.Pending();
        var write = new ClassWrite(invites, requests, removed, usage.ToList(), audit.ToList());
        if (write.IsEmpty) return;
        try
        {
            version = await store.SaveClassAsync(SchoolId, ClassId, version, write);
        }
        catch
        {
            // Memory is ahead of storage now: the next call reloads what was stored.
            DeactivateOnIdle();
            throw;
        }

        state.ClearChanges();
        usage.Clear();
        audit.Clear();
        // Committed with the action: appended now, or by the sweep after a failure or a crash (once, by intent id).
        await auditIntents.DeliverAsync(GrainFactory, write.Audit);
    }

    /// <summary>Issue 8: the admin-audit row of an action of this class, committed by the next <see cref="CommitAsync"/> with it.</summary>
    private void Audit(string action, string actorId, string? subjectUserId, string detail) =>
        audit.Add(AuditIntent.For(SchoolId, new AdminAuditRecord(action, actorId, subjectUserId, detail, Now)));

    private void Count(string kind, string userId, JoinRole role, double seconds = 0) =>
        usage.Add(new UsageRecord(NewId(), kind, userId, ClassId, null, SchoolGrain.UsageRoleOf(role), Now, seconds));

    private FollowResult Followed(JoinRequestRecord request) =>
        new(SchoolId, SchoolState.View(request, request.Accepted ? JoinRequestStatus.Accepted : JoinRequestStatus.Pending));

    private static string NewId() => Guid.NewGuid().ToString("N");
}
