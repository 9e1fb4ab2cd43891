using Microsoft.Extensions.DependencyInjection;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Audit;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Chats;
using DistrictSferum.Grains.Common;
using DistrictSferum.Grains.Statistics;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using DistrictSferum.Grains.Districts;
using DistrictSferum.Grains.Users;
using DistrictSferum.Grains.Audit;

namespace DistrictSferum.Grains.Schools;

/// <summary>
/// How a school was stored before issue 15 (one grain-state blob): read once, moved into <see cref="ISchoolStore"/>,
/// then cleared.
/// </summary>
[GenerateSerializer, Alias("ds.SchoolGrainState")]
public sealed class SchoolGrainState
{
    [Id(0)] public SchoolState School { get; set; } = new();

    /// <summary>Movements committed with the state but not yet in the history table and on the stream.</summary>
    [Id(1)] public List<Movement> Outbox { get; set; } = [];

    /// <summary>Usage facts committed with the state but not yet in usage_events (DIS-4).</summary>
    [Id(2)] public List<UsageRecord> UsageOutbox { get; set; } = [];
}

/// <summary>
/// Authorises through the school's rules (<see cref="SchoolState"/>), persists the rows they changed in one
/// transaction (<see cref="ISchoolStore"/>), then publishes. Movements and usage facts go through an outbox
/// written in that transaction, so none is lost between the commit and the history table.
/// </summary>
public sealed partial class SchoolGrain(
    [PersistentState("school", StorageNames.Grains)] IPersistentState<SchoolGrainState> legacy,
    ISchoolStore store,
    ISchoolHistoryStore history,
    IUsageRecorder usage,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    ILogger<SchoolGrain> logger) : Grain, ISchoolGrain, ISchoolAdmissions, IRemindable, ISchoolRegistration, ISchoolFacts
{
    /// <summary>Retries a movement outbox that could not be flushed, also after a crash or a restart.</summary>
    private const string OutboxReminder = "movement-outbox";

    private IGrainTimer? flushTimer;
    private int failedFlushes;
    private long version;

    /// <summary>
    /// Saves coalesce: admissions interleave (<see cref="ISchoolAdmissions"/>), and every change made while a save
    /// runs goes into the one next save (a group commit). A failed save leaves memory ahead of storage: the activation
    /// refuses to save again and goes, so the next call reloads what was really stored.
    /// </summary>
    private Coalescing? saves;
    private bool saveFailed;

    /// <summary>One delivery pass of the outbox at a time; callers meanwhile share the next pass.</summary>
    private Coalescing? flushes;

    /// <summary>Links and requests of a school stored the old way, written with its first save as rows.</summary>
    private (List<InviteRecord> Invites, List<JoinRequestRecord> Requests)? legacyLinks;

    /// <summary>Committed or about to be, in order; <see cref="outboxAdded"/> and <see cref="outboxRemoved"/> are the next save's part.</summary>
    private readonly List<SchoolOutboxEntry> outbox = [];
    private readonly List<SchoolOutboxEntry> outboxAdded = [];
    private readonly List<string> outboxRemoved = [];

    /// <summary>Joins of the next save: their history rows are written in its transaction.</summary>
    private readonly List<Movement> joinedHistory = [];

    /// <summary>Usage facts are committed with their command and delivered to usage_events shortly after, in batches.</summary>
    private static readonly TimeSpan UsageDeliveryDelay = TimeSpan.FromMilliseconds(500);
    private IGrainTimer? usageTimer;

    private SchoolState School { get; set; } = new();

    private ISchoolClassLinks Links(string classId) => GrainFactory.GetGrain<ISchoolClassLinks>(ISchoolClassGrain.Key(SchoolId, classId));

    private IEnumerable<SchoolOutboxEntry> PendingMovements => outbox.Where(e => e.Flushed);

    private string SchoolId => this.GetPrimaryKeyString();

    private DateTimeOffset Now => clock.GetUtcNow();

    private IDistrictGrain District => GrainFactory.GetGrain<IDistrictGrain>(IDistrictGrain.Key);

    /// <summary>
    /// No outbound call from here: the school's chats may need the school, which is not active until this returns.
    /// A pending outbox is flushed right after, by a timer of this activation.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (await store.LoadAsync(SchoolId, cancellationToken) is { } stored)
        {
            School = SchoolState.From(stored);
            version = stored.Version;
            outbox.AddRange(stored.Outbox);
        }
        else if (legacy.RecordExists && legacy.State.School.Registered)
        {
            await MoveLegacyStateAsync();
        }

        School.SchoolIdOf = SchoolId;
        if (outbox.Count > 0 || School.Registered) ScheduleFlush(TimeSpan.Zero);
    }

    /// <summary>A school stored whole in grain state (before issue 15) is written as rows once, then its blob is cleared.</summary>
    private async Task MoveLegacyStateAsync()
    {
        School = legacy.State.School;
        School.Changes.Core = true;
        School.Changes.Members.UnionWith(School.Members.Keys);
        legacyLinks = (School.Invites.Values.ToList(), School.Requests.Values.ToList());
        foreach (var movement in legacy.State.Outbox) Record(movement);
        foreach (var fact in legacy.State.UsageOutbox) Enqueue(new SchoolOutboxEntry(null, fact));
        await CommitAsync();
        await legacy.ClearStateAsync();
        logger.LogInformation("School {SchoolId} moved from grain state to its tables ({Members} members)", SchoolId, School.Members.Count);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != OutboxReminder) return;
        if (PendingMovements.Any()) await FlushOrRetryLaterAsync();
        if (!PendingMovements.Any() && await this.GetReminder(OutboxReminder) is { } reminder) await this.UnregisterReminder(reminder);
    }

    public async Task<SchoolView> Register(SchoolRegistration registration)
    {
        if (School.Registered && School.RegisteredBy != registration.RegisteredBy)
            throw DomainException.Exists(CommonErrors.SchoolExists, "This school is already registered.", Rules.Org1);
        // Issue 9: the same operator registering this id again is a retry (the id derives from their request id): the
        // steps after the commit are idempotent and complete what a failed first attempt left undone.
        if (!School.Registered)
        {
            School.Register(registration, registration.Application.AdminFullName, NewId(), Now);
            await CommitAsync();
        }

        await GrainFactory.GetGrain<IUserMemberships>(registration.AdministratorId).JoinSchool(SchoolId);
        await GrainFactory.GetGrain<ISchoolChatsSync>(SchoolId).EnsureChannels(registration.AdministratorId, registration.Application.AdminFullName);
        await GrainFactory.GetGrain<ISchoolUsageGrain>(SchoolId).Start();
        return View(includeApplication: true);
    }

    public async Task<SchoolView> Get(Actor actor)
    {
        if (School.Registered && School.Members.TryGetValue(actor.UserId, out var member))
            return View(includeApplication: member.Has(SchoolRoles.Administrator));
        if (School.Registered && await District.IsOperator(actor)) return View(includeApplication: true);
        throw DomainException.NotFound(CommonErrors.SchoolNotFound, "No such school.", Rules.Dis1);
    }

    public async Task<SchoolView> UpdateInfo(Actor actor, SchoolInfoPatch patch)
    {
        // An operator sees the school but does not run it.
        if (School.Registered && !School.Members.ContainsKey(actor.UserId) && await District.IsOperator(actor))
            throw DomainException.Denied(SchoolErrors.NotAdministrator, "Only the school's administrators edit its information.", Rules.Org2);
        School.RequireAdministrator(actor.UserId, Rules.Org2);
        var info = SchoolRules.Apply(School.Info, patch);
        if (info != School.Info)
        {
            School.Info = info;
            School.Changes.Core = true;
            await CommitAsync();
            await GrainFactory.GetGrain<IDistrictRegister>(IDistrictGrain.Key).UpdateSummary(new SchoolSummary(SchoolId, info.Name, info.ShortName, School.RegisteredAt));
        }

        return View(includeApplication: true);
    }

    // --- classes ---

    public async Task<ClassView> CreateClass(Actor actor, string name, ClassKind kind, int? academicYear, string? classId = null)
    {
        if (classId is not null && School.Registered && School.Classes.TryGetValue(classId, out var first))
        {
            School.RequireAdministrator(actor.UserId, Rules.Org4);
            return School.View(first);
        }

        var created = School.CreateClass(actor.UserId, classId ?? NewId(), name, kind, academicYear, Now);
        await CommitAsync();
        return School.View(created);
    }

    public Task<ClassView> RenameClass(Actor actor, string classId, string name) =>
        SaveClassAsync(School.RenameClass(actor.UserId, classId, name));

    /// <summary>An archived class admits nobody: once it is saved, its links are revoked (an archived class refuses them anyway).</summary>
    public async Task<ClassView> ArchiveClass(Actor actor, string classId)
    {
        var archived = await SaveClassAsync(School.ArchiveClass(actor.UserId, classId));
        await Links(classId).RevokeAll();
        return archived;
    }

    public Task<Page<ClassView>> ListClasses(Actor actor, bool includeArchived, PageRequest page)
    {
        School.RequireMember(actor.UserId);
        return Task.FromResult(Paging.Slice(School.ClassList(includeArchived).Select(School.View).ToList(), page));
    }

    public Task<ClassView> AttachClassTeacher(Actor actor, string classId, string teacherId) =>
        SaveClassAsync(School.AttachClassTeacher(actor.UserId, classId, teacherId));

    public Task<ClassView> DetachClassTeacher(Actor actor, string classId, string teacherId) =>
        SaveClassAsync(School.DetachClassTeacher(actor.UserId, classId, teacherId));

    // --- invites and join requests: kept by their classes ---

    public async Task<Page<InviteView>> ListInvites(Actor actor, PageRequest page)
    {
        School.RequireAdministrator(actor.UserId, Rules.Org5);
        var invites = await store.ListInvitesAsync(SchoolId);
        return Paging.Slice(invites.OrderByDescending(i => i.CreatedAt).ThenBy(i => i.InviteId, StringComparer.Ordinal).Select(SchoolState.View).ToList(), page);
    }

    public async Task<InviteView> RevokeInvite(Actor actor, string inviteId)
    {
        var administrator = School.MayRevokeInvites(actor.UserId);
        var found = await store.FindInviteAsync(SchoolId, inviteId)
                    ?? throw DomainException.NotFound(SchoolErrors.InviteNotFound, "No such invite link.", Rules.Org11);
        // The class commits the revocation with its audit intent (issue 8).
        var invite = await Links(found.ClassId).RevokeInvite(actor.UserId, administrator, inviteId);
        return SchoolState.View(invite);
    }

    public async Task<int> AnnulUnusedInvites(Actor actor, TimeSpan? olderThan)
    {
        School.RequireAnnul(actor.UserId, olderThan);
        var now = Now;
        var classes = (await store.ListInvitesAsync(SchoolId))
            .Where(i => !i.Revoked && i.Uses == 0 && (olderThan is null || now - i.CreatedAt >= olderThan)).Select(i => i.ClassId).Distinct();
        var count = 0;
        // Each class commits its annulment with its own audit intent (issue 8).
        foreach (var classId in classes) count += await Links(classId).AnnulUnusedInvites(actor.UserId, olderThan);
        return count;
    }

    public async Task<Page<JoinRequestView>> ListJoinRequests(Actor actor, PageRequest page)
    {
        School.RequireAdministrator(actor.UserId, Rules.Org8);
        var requests = await store.ListRequestsAsync(SchoolId);
        return Paging.Slice(requests.Where(r => !r.Accepted).OrderBy(r => r.CreatedAt).ThenBy(r => r.RequestId, StringComparer.Ordinal)
            .Select(r => SchoolState.View(r, JoinRequestStatus.Pending)).ToList(), page);
    }

    /// <summary>ORG-8: administrators review requests; the class keeps them, the school admits an accepted one.</summary>
    public async Task<JoinRequestView> DecideJoinRequest(Actor actor, string requestId, bool accept)
    {
        School.RequireAdministrator(actor.UserId, Rules.Org8);
        var found = await store.FindRequestAsync(SchoolId, requestId) is { Accepted: false } pending
            ? pending
            : throw DomainException.NotFound(SchoolErrors.RequestNotFound, "No such pending join request.", Rules.Org8);
        // The class commits the decision with its audit intent (issue 8).
        var request = await Links(found.ClassId).DecideJoinRequest(actor.UserId, requestId, accept);
        return SchoolState.View(request, accept ? JoinRequestStatus.Accepted : JoinRequestStatus.Rejected);
    }

    // --- what classes ask (interleaved with the school's own turn) ---

    public Task<InviteRecord> AuthorizeInvite(Actor actor, string inviteId, string tokenHash, InviteRequest request) =>
        Task.FromResult(School.CreateInvite(actor.UserId, inviteId, tokenHash, request, Now));

    public Task CheckJoin(string userId, bool dependent, string classId, JoinRole role, string? studentId)
    {
        School.CheckJoin(userId, dependent, classId, role, studentId);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The new member's account learns of the school before the call returns. Only this join is delivered here, not
    /// the whole outbox: a move or leave before it may wait on this very class, which is waiting on this admission.
    /// </summary>
    public async Task Admit(JoinRequestRecord request, string actorId)
    {
        if (!School.AdmitRequest(request, Now)) return;
        var joined = Record(new Movement(SchoolId, MovementKind.Joined, request.UserId, null, request.ClassId, actorId, Now, [], NewId()));
        await CommitAsync();
        try
        {
            await DeliverJoinAsync(joined);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Delivering a join of school {SchoolId} failed; it is retried", SchoolId);
            ScheduleFlush(TimeSpan.FromSeconds(2));
        }
    }

    // --- members ---

    public Task<Page<MemberView>> ListMembers(Actor actor, string? classId, SchoolRoles role, PageRequest page)
    {
        var members = Paging.Slice(School.MemberList(actor.UserId, classId, role), page);
        return Task.FromResult(new Page<MemberView>(members.Items.Select(m => SchoolState.View(m)).ToList(), members.NextCursor));
    }

    /// <summary>CHAT-5: phone and e-mail only for the member themself and the school's administrators.</summary>
    public async Task<MemberView> GetMember(Actor actor, string userId)
    {
        var member = School.VisibleMember(actor.UserId, userId);
        if (actor.UserId != userId && !School.Members[actor.UserId].Has(SchoolRoles.Administrator)) return SchoolState.View(member);
        var profile = await GrainFactory.GetGrain<IUserDirectory>(userId).GetProfileUnchecked();
        return SchoolState.View(member, profile.Phone, profile.Email ?? profile.GuardianEmail);
    }

    public Task<MemberView> VerifyTeacher(Actor actor, string userId) =>
        SaveMemberAsync(School.VerifyTeacher(actor.UserId, userId), actor, AdminActions.TeacherVerified);

    /// <summary>ORG-9: committed with a rights change for the chats, which drop the teacher where only verified teachers may be.</summary>
    public Task<MemberView> WithdrawVerification(Actor actor, string userId) =>
        SaveLostRightsAsync(School.WithdrawVerification(actor.UserId, userId), actor, AdminActions.VerificationWithdrawn);

    public Task<MemberView> AppointAdministrator(Actor actor, string userId) =>
        SaveMemberAsync(School.AppointAdministrator(actor.UserId, userId), actor, AdminActions.AdministratorAppointed);

    /// <summary>Issue 8: a lost role reaches the chats like a withdrawn badge: the Admins chat lets the person go.</summary>
    public Task<MemberView> RemoveAdministrator(Actor actor, string userId) =>
        SaveLostRightsAsync(School.RemoveAdministrator(actor.UserId, userId), actor, AdminActions.AdministratorRemoved);

    public Task<MemberView> SetManagementRole(Actor actor, string userId, SchoolRoles role, bool holds)
    {
        var changed = School.SetManagementRole(actor.UserId, userId, role, holds);
        var detail = role.ToString().ToLowerInvariant();
        return holds
            ? SaveMemberAsync(changed, actor, AdminActions.ManagementRoleSet, detail)
            : SaveLostRightsAsync(changed, actor, AdminActions.ManagementRoleRemoved, detail);
    }

    /// <summary>The member lost a right: committed with a rights change that every chat of the school re-checks (ORG-9, ORG-16).</summary>
    private Task<MemberView> SaveLostRightsAsync(MemberRecord changed, Actor actor, string action, string detail = "")
    {
        Enqueue(new SchoolOutboxEntry(null, null) { Rights = new RightsChange(NewId(), changed.UserId, actor.UserId, Now) });
        return SaveMemberAsync(changed, actor, action, detail);
    }

    public Task<TimeSpan> GetObjectionWindow() => Task.FromResult(TimeSpan.FromHours(School.Info.ObjectionWindowHours));

    public Task<IReadOnlyList<string>> GetAdministratorIds() => Task.FromResult(School.AdministratorIds);

    public Task<ClassView> GetClass(string classId) => Task.FromResult(School.View(School.RequireClass(classId)));

    public Task<MemberView> GetMembership(string userId) =>
        School.Registered && School.Members.TryGetValue(userId, out var member)
            ? Task.FromResult(SchoolState.View(member))
            : throw DomainException.NotFound(CommonErrors.MemberNotFound, "No such member of this school.", Rules.Dis1);

    // --- movements ---

    public async Task<Movement> MoveStudent(Actor actor, string studentId, string toClassId)
    {
        var movement = School.MoveStudent(actor.UserId, studentId, toClassId, Now) with { MovementId = NewId() };
        Record(movement);
        Audit(AdminActions.StudentMoved, actor, studentId, $"movement {movement.MovementId}, to class {toClassId}");
        await CommitAsync();
        await FlushOrRetryLaterAsync();
        return movement;
    }

    public async Task<Movement> RecordStudentLeft(Actor actor, string studentId)
    {
        var movements = School.RecordStudentLeft(actor.UserId, studentId, Now).Select(m => m with { MovementId = NewId() }).ToList();
        foreach (var m in movements) Record(m);
        Audit(AdminActions.StudentLeft, actor, studentId, $"movement {movements[0].MovementId}, {movements.Count - 1} parent(s) left with them");
        await CommitAsync();
        await FlushOrRetryLaterAsync();
        return movements[0];
    }

    public async Task<Movement> RecordEmployeeLeft(Actor actor, string userId)
    {
        var movement = School.RecordEmployeeLeft(actor.UserId, userId, Now) with { MovementId = NewId() };
        Record(movement);
        Audit(AdminActions.EmployeeLeft, actor, userId, $"movement {movement.MovementId}");
        await CommitAsync();
        await FlushOrRetryLaterAsync();
        return movement;
    }

    public Task<YearRollover> PreviewYearRollover(Actor actor, int? finalGrade, bool archiveClassChats) =>
        Task.FromResult(School.PlanRollover(actor.UserId, finalGrade, Now, archiveClassChats));

    /// <summary>
    /// One save holds the whole rollover (classes renamed and archived, graduates and their parents gone, their
    /// movements and the rollover of class chats in the outbox), so it is applied once or not at all; the fan-out
    /// completes after a crash.
    /// </summary>
    public async Task<YearRollover> ApplyYearRollover(Actor actor, int? finalGrade, bool archiveClassChats)
    {
        var (plan, movements) = School.ApplyRollover(actor.UserId, finalGrade, Now, archiveClassChats);
        foreach (var movement in movements) Record(movement with { MovementId = NewId() });
        if (plan.Classes.Count > 0)
            Enqueue(new SchoolOutboxEntry(null, null)
            {
                ClassRollover = new ClassChatsRollover(NewId(), SchoolState.ClassesWithChatsArchived(plan),
                    plan.Classes.Where(c => c.ToName is not null).ToDictionary(c => c.ClassId, c => new ClassRename(c.FromName, c.ToName!)),
                    actor.UserId, Now, $"Учебный год {plan.FromYear}/{plan.ToYear} окончен: чат в архиве."),
            });
        Audit(AdminActions.YearRolledOver, actor, null,
            $"{plan.FromYear}/{plan.ToYear}: {plan.Classes.Count(c => c.ToName is not null)} class(es) moved up, {plan.GraduateIds.Count} graduate(s), final grade {plan.FinalGrade}");
        await CommitAsync();
        await FlushOrRetryLaterAsync();
        foreach (var graduated in plan.Classes.Where(c => c.ToName is null)) await Links(graduated.ClassId).RevokeAll();
        return plan;
    }

    public async Task<Page<Movement>> ListMovements(Actor actor, PageRequest page)
    {
        School.RequireAdministrator(actor.UserId, Rules.Org10);
        return await history.ListAsync(SchoolId, page);
    }

    // --- plumbing ---

    private async Task<ClassView> SaveClassAsync(ClassRecord changed)
    {
        await CommitAsync();
        return School.View(changed);
    }

    private async Task<MemberView> SaveMemberAsync(MemberRecord changed, Actor actor, string action, string detail = "")
    {
        Audit(action, actor, changed.UserId, detail);
        await CommitAsync();
        await FlushOrRetryLaterAsync();
        return SchoolState.View(changed);
    }

    /// <summary>
    /// Issue 8: an administrative action's admin-audit row is an outbox entry committed with the action, appended to
    /// the school's tamper-evident chain right after (and after a crash, on the next activation) exactly once, by its
    /// intent id. Call before the action's <see cref="CommitAsync"/>, deliver with <see cref="FlushOrRetryLaterAsync"/>.
    /// </summary>
    private void Audit(string action, Actor actor, string? subjectUserId, string detail, string? chain = null) =>
        Enqueue(new SchoolOutboxEntry(null, null)
        {
            Audit = new AdminAuditRecord(action, actor.UserId, subjectUserId, detail, Now) { IntentId = NewId() },
            AuditChain = chain,
        });

    private SchoolOutboxEntry Record(Movement movement)
    {
        var entry = new SchoolOutboxEntry(movement, null);
        Enqueue(entry);
        if (movement.Kind == MovementKind.Joined) joinedHistory.Add(movement);
        return entry;
    }

    private void Enqueue(SchoolOutboxEntry entry)
    {
        outbox.Add(entry);
        outboxAdded.Add(entry);
    }

    /// <summary>Delivered: gone from memory now, from the table with the next save (a replay after a crash is harmless).</summary>
    private void Delivered(SchoolOutboxEntry entry)
    {
        outbox.Remove(entry);
        if (!outboxAdded.Remove(entry)) outboxRemoved.Add(entry.Id);
    }

    private Task CommitAsync() => (saves ??= new Coalescing(SaveAsync)).RunAsync();

    /// <summary>Takes every change made so far into one transaction.</summary>
    private async Task SaveAsync()
    {
        if (saveFailed) throw new InconsistentStateException($"School {SchoolId} is reloading after a failed save; retry.");
        var (core, members, removedMembers) = School.Pending();
        var (invites, requests) = legacyLinks ?? ([], []);
        var write = new SchoolWrite(core, members, removedMembers, invites, requests, [], outboxAdded.ToList(), outboxRemoved.ToList(), joinedHistory.ToList());
        School.Changes.Clear();
        outboxAdded.Clear();
        outboxRemoved.Clear();
        joinedHistory.Clear();
        legacyLinks = null;
        if (write.IsEmpty) return;
        try
        {
            version = await store.SaveAsync(SchoolId, version, write);
        }
        catch
        {
            saveFailed = true;
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>
    /// The movement is committed once it is in the outbox; what follows it (history, chats, the leaver's account,
    /// the stream) is retried until done, so a failure here is logged, not reported as a failed movement.
    /// </summary>
    private async Task FlushOrRetryLaterAsync()
    {
        try
        {
            await FlushAsync();
            failedFlushes = 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failedFlushes++;
            logger.LogWarning(e, "Flushing the movement outbox of school {SchoolId} failed ({Attempt}); it is retried", SchoolId, failedFlushes);
            ScheduleFlush(TimeSpan.FromSeconds(Math.Min(60, 2 * failedFlushes)));
            try
            {
                await this.RegisterOrUpdateReminder(OutboxReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            }
            catch (Exception reminderFailure) when (reminderFailure is not OutOfMemoryException)
            {
                logger.LogWarning(reminderFailure, "The outbox reminder of school {SchoolId} could not be registered", SchoolId);
            }
        }
    }

    private void ScheduleFlush(TimeSpan due)
    {
        flushTimer?.Dispose();
        flushTimer = this.RegisterGrainTimer(async _ =>
        {
            flushTimer?.Dispose();
            flushTimer = null;
            if (PendingMovements.Any()) await FlushOrRetryLaterAsync();
            await FlushUsageAsync();
            await CommitAsync();
            if (School.Registered) await GrainFactory.GetGrain<ISchoolUsageGrain>(SchoolId).Start();
        }, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
    }

    private Task FlushAsync() => (flushes ??= new Coalescing(FlushPassAsync)).RunAsync();

    /// <summary>
    /// Each movement and rights change in order: history (idempotent by id; a join's was written with it), chats and
    /// classes (ETH-9, ORG-9), the person's account, the stream; then out of the outbox. Every step is idempotent, so a replay after a crash
    /// is harmless. Joins concern one person each and go out side by side; a leave waits for what came before it.
    /// </summary>
    private async Task FlushPassAsync()
    {
        var pending = outbox.Where(e => e.Flushed).ToList();
        for (var i = 0; i < pending.Count;)
        {
            var joins = pending.Skip(i).TakeWhile(e => e.Movement?.Kind == MovementKind.Joined).Take(JoinsDeliveredTogether).ToList();
            if (joins.Count > 0)
            {
                await Task.WhenAll(joins.Select(DeliverJoinAsync));
                i += joins.Count;
                continue;
            }

            await DeliverMovementAsync(pending[i++]);
        }
    }

    private const int JoinsDeliveredTogether = 32;

    /// <summary>A join's replay is cheap: its outbox row goes with the next save.</summary>
    private async Task DeliverJoinAsync(SchoolOutboxEntry entry)
    {
        var movement = entry.Movement!;
        if (School.Members.ContainsKey(movement.UserId)) await GrainFactory.GetGrain<IUserMemberships>(movement.UserId).JoinSchool(SchoolId);
        else await GrainFactory.GetGrain<IUserMemberships>(movement.UserId).LeaveSchool(SchoolId);
        await PublishAsync(movement);
        Delivered(entry);
    }

    /// <summary>A move's, a leave's or a rights change's fan-out is not worth repeating: its outbox row goes at once.</summary>
    private async Task DeliverMovementAsync(SchoolOutboxEntry entry)
    {
        if (entry.Audit is { } audit)
        {
            await GrainFactory.GetGrain<IAdminAuditLog>(entry.AuditChain ?? SchoolId).Append(audit);
            // Its row goes with the next save: delivered again after a crash, it appends nothing (same intent id).
            Delivered(entry);
            return;
        }

        if (entry.ClassRollover is { } rollover)
        {
            await GrainFactory.GetGrain<ISchoolChatRollover>(SchoolId).ApplyClassRollover(rollover);
            Delivered(entry);
            await CommitAsync();
            return;
        }

        if (entry.Rights is { } change)
        {
            await GrainFactory.GetGrain<ISchoolChatsSync>(SchoolId).ApplyRightsChange(change, School.FactsFor([change.UserId]));
            Delivered(entry);
            await CommitAsync();
            return;
        }

        var movement = entry.Movement!;
        await history.AppendAsync([movement]);
        // ETH-9: chats drop leavers before the movement leaves the outbox, so a crash cannot lose it. They get
        // the facts they need with it and never call back into this school.
        await GrainFactory.GetGrain<ISchoolChatsSync>(SchoolId).ApplyMovement(movement, School.FactsFor(movement));
        if (!School.Members.ContainsKey(movement.UserId))
        {
            foreach (var classId in await store.ClassesConcerningAsync(SchoolId, movement.UserId)) await Links(classId).Forget(movement.UserId);
            await GrainFactory.GetGrain<IUserMemberships>(movement.UserId).LeaveSchool(SchoolId);
        }

        await PublishAsync(movement);
        Delivered(entry);
        await CommitAsync();
    }

    private Task PublishAsync(Movement movement) =>
        this.GetStreamProvider(StreamNames.Provider).GetStream<Movement>(StreamId.Create(StreamNames.SchoolMovements, SchoolId)).OnNextAsync(movement);

    private void DeliverUsageSoon() => usageTimer ??= this.RegisterGrainTimer(async _ =>
    {
        usageTimer?.Dispose();
        usageTimer = null;
        await FlushUsageAsync();
        await CommitAsync();
    }, new GrainTimerCreationOptions(UsageDeliveryDelay, Timeout.InfiniteTimeSpan));

    private static string NewId() => Guid.NewGuid().ToString("N");

    private SchoolView View(bool includeApplication) => new(
        SchoolId, School.Info, School.RegisteredAt, School.AdministratorIds, includeApplication ? School.Application : null);
}
