using Microsoft.Extensions.DependencyInjection;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Audit;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Common;
using DistrictSferum.Grains.Schools;
using Microsoft.Extensions.Logging;
using DistrictSferum.Grains.Users;
using DistrictSferum.Grains.Audit;
using DistrictSferum.Grains.Identity;

namespace DistrictSferum.Grains.Districts;

[GenerateSerializer, Alias("ds.DistrictState")]
public sealed class DistrictState
{
    [Id(0)] public HashSet<string> OperatorIds { get; set; } = [];
    [Id(1)] public List<SchoolSummary> Schools { get; set; } = [];

    /// <summary>Issue 8: admin-audit rows written with their action, not yet in the district's chain (appended once, by intent id).</summary>
    [Id(2)] public List<AdminAuditRecord> AuditOutbox { get; set; } = [];
}

public sealed class DistrictGrain(
    [PersistentState("district", StorageNames.Grains)] IPersistentState<DistrictState> state,
    ContactKeys contacts,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    ILogger<DistrictGrain> logger) : Grain, IDistrictGrain, IDistrictOperators, IDistrictRegister
{
    private IGrainTimer? auditRetry;

    /// <summary>Audit rows a crash left undelivered go to the chain right after activation (no outbound call from here).</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.AuditOutbox.Count > 0) RetryAuditSoon(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task<string> BootstrapOperator(ContactAddress contact, string displayName)
    {
        var userId = await GrainFactory.ContactAccounts(contacts, contact).EnsureAccount(contact, displayName);
        if (state.State.OperatorIds.Count > 0) return userId;
        state.State.OperatorIds.Add(userId);
        await SaveAndAuditAsync(new AdminAuditRecord(AdminActions.OperatorAdded, "bootstrap", userId, "configured first operator", clock.GetUtcNow()));
        return userId;
    }

    public async Task<string> AddOperator(Actor actor, ContactAddress contact, string displayName)
    {
        EnsureOperator(actor);
        var userId = await GrainFactory.ContactAccounts(contacts, contact).EnsureAccount(contact, displayName);
        if (!state.State.OperatorIds.Add(userId)) return userId;
        await SaveAndAuditAsync(new AdminAuditRecord(AdminActions.OperatorAdded, actor.UserId, userId, "", clock.GetUtcNow()));
        return userId;
    }

    public async Task<IReadOnlyList<OperatorView>> ListOperators(Actor actor)
    {
        EnsureOperator(actor);
        var profiles = await Task.WhenAll(state.State.OperatorIds.Order(StringComparer.Ordinal)
            .Select(id => GrainFactory.GetGrain<IUserDirectory>(id).GetProfileUnchecked()));
        return profiles.Select(p => new OperatorView(p.UserId, p.DisplayName)).ToList();
    }

    public async Task RemoveOperator(Actor actor, string userId)
    {
        EnsureOperator(actor);
        if (!state.State.OperatorIds.Contains(userId))
            throw DomainException.NotFound(DistrictErrors.OperatorNotFound, "No such district operator.", Rules.Org1);
        if (state.State.OperatorIds.Count == 1)
            throw DomainException.Precondition(DistrictErrors.LastOperator, "The district keeps at least one operator: appoint another first.", Rules.Org1);
        state.State.OperatorIds.Remove(userId);
        await SaveAndAuditAsync(new AdminAuditRecord(AdminActions.OperatorRemoved, actor.UserId, userId, "", clock.GetUtcNow()));
    }

    public Task<bool> IsOperator(string userId) => Task.FromResult(state.State.OperatorIds.Contains(userId));

    public Task<bool> IsOperator(Actor actor) => IsOperator(actor.UserId);

    public async Task<SchoolView> RegisterSchool(Actor actor, SchoolApplication application, string? schoolId = null)
    {
        EnsureOperator(actor);
        var now = clock.GetUtcNow();
        var normalized = SchoolRules.NormalizeApplication(application, DateOnly.FromDateTime(now.UtcDateTime));
        var retried = schoolId is not null && state.State.Schools.Any(s => s.SchoolId == schoolId);
        if (!retried && state.State.Schools.Any(s => string.Equals(s.Name, normalized.Info.Name, StringComparison.OrdinalIgnoreCase)))
            throw DomainException.Exists(CommonErrors.SchoolExists, $"A school named '{normalized.Info.Name}' is already registered.", Rules.Org1);

        var adminPhone = ContactAddress.Phone(normalized.AdminPhone);
        var adminId = await GrainFactory.ContactAccounts(contacts, adminPhone).EnsureAccount(adminPhone, normalized.AdminFullName);
        var adminEmail = ContactAddress.Email(normalized.AdminEmail);
        await GrainFactory.ContactAccounts(contacts, adminEmail).Link(adminEmail, adminId);

        // Issue 9: an id derived from the request id makes a retry reach the school its first attempt registered (a
        // registration that failed after the school's commit completes instead of making a second school).
        schoolId ??= Guid.NewGuid().ToString("N");
        var view = await GrainFactory.GetGrain<ISchoolRegistration>(schoolId)
            .Register(new SchoolRegistration(normalized, adminId, actor.UserId));
        if (retried) return view;
        state.State.Schools.Add(new SchoolSummary(schoolId, view.Info.Name, view.Info.ShortName, view.RegisteredAt));
        await SaveAndAuditAsync(new AdminAuditRecord(AdminActions.SchoolRegistered, actor.UserId, adminId, $"school {schoolId}", now));
        return view;
    }

    public Task<Page<SchoolSummary>> ListSchools(Actor actor, PageRequest page)
    {
        EnsureOperator(actor);
        return Task.FromResult(Paging.Slice(state.State.Schools, page));
    }

    public Task<Page<SchoolSummary>> SearchSchools(Actor actor, string query, PageRequest page)
    {
        EnsureOperator(actor);
        var text = TextRules.Optional(query, "query", 200);
        return Task.FromResult(Paging.Slice(state.State.Schools.Where(s =>
            s.Name.Contains(text, StringComparison.OrdinalIgnoreCase) || s.ShortName.Contains(text, StringComparison.OrdinalIgnoreCase)).ToList(), page));
    }

    public async Task<int> AnnounceToAdministrators(Actor actor, string announcementId, string subject, string text)
    {
        EnsureOperator(actor);
        var schools = state.State.Schools.Select(s => s.SchoolId).ToList();
        foreach (var schoolId in schools)
            await GrainFactory.GetGrain<Contracts.Support.ISupportQueueGrain>(schoolId).Announce(actor, announcementId, subject, text);
        await SaveAndAuditAsync(new AdminAuditRecord(AdminActions.AnnouncementSent, actor.UserId, "", $"announcement {announcementId} to {schools.Count} schools", clock.GetUtcNow()));
        return schools.Count;
    }

    public async Task UpdateSummary(SchoolSummary summary)
    {
        var index = state.State.Schools.FindIndex(s => s.SchoolId == summary.SchoolId);
        if (index < 0 || state.State.Schools[index] == summary) return;
        state.State.Schools[index] = summary;
        await state.WriteStateAsync();
    }

    /// <summary>
    /// Issue 8: the action's state and its audit row are one write; the row then goes to the district's chain (a failure
    /// there is retried, and a crash replays it on the next activation: appended once, by its intent id).
    /// </summary>
    private async Task SaveAndAuditAsync(AdminAuditRecord record)
    {
        state.State.AuditOutbox.Add(record with { IntentId = Guid.NewGuid().ToString("N") });
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // What memory holds was not stored: the next call starts from storage (a retry must not find a school here
            // that the database does not have).
            DeactivateOnIdle();
            throw;
        }

        await DeliverAuditAsync();
    }

    /// <summary>Delivered rows leave the outbox in memory now and in storage with the next write (a replay appends nothing).</summary>
    private async Task DeliverAuditAsync()
    {
        try
        {
            while (state.State.AuditOutbox.Count > 0)
            {
                await GrainFactory.GetGrain<IAdminAuditLog>(IAdminAuditGrain.District).Append(state.State.AuditOutbox[0]);
                state.State.AuditOutbox.RemoveAt(0);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Appending to the district's admin audit failed; it is retried");
            RetryAuditSoon(TimeSpan.FromSeconds(5));
        }
    }

    private void RetryAuditSoon(TimeSpan due)
    {
        auditRetry?.Dispose();
        auditRetry = this.RegisterGrainTimer(async _ =>
        {
            auditRetry?.Dispose();
            auditRetry = null;
            await DeliverAuditAsync();
        }, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
    }

    private void EnsureOperator(Actor actor)
    {
        if (!state.State.OperatorIds.Contains(actor.UserId))
            throw DomainException.Denied(DistrictErrors.NotOperator, "Only a district operator may do this.", Rules.Org1);
    }
}
