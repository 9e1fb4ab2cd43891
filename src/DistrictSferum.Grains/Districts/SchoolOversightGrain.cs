using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Audit;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Audit;
using DistrictSferum.Grains.Common;
using DistrictSferum.Grains.Schools;
using Microsoft.Extensions.DependencyInjection;
using DistrictSferum.Grains.Identity;

namespace DistrictSferum.Grains.Districts;

[GenerateSerializer, Alias("ds.SchoolOversightState")]
public sealed class SchoolOversightState
{
    [Id(0)] public SchoolSuspension? Suspension { get; set; }

    /// <summary>Issue 8: district admin-audit rows of suspensions and resumptions, stored with them, not yet in the chain.</summary>
    [Id(1)] public List<AdminAuditRecord> AuditOutbox { get; set; } = [];
}

/// <summary>
/// The district's oversight of one school: its suspension (kept here, enforced by <see cref="SuspensionGuard"/>),
/// the recovery of its administration and its application (through the school), its live figures. Every change is
/// in the district's admin audit and the school's.
/// </summary>
public sealed class SchoolOversightGrain(
    [PersistentState("school-oversight", StorageNames.Grains)] IPersistentState<SchoolOversightState> state,
    PostgresSchoolActivity activity,
    ContactKeys contacts,
    AuditIntents auditIntents,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock) : Grain, ISchoolOversightGrain, ISchoolSuspensions
{
    private StateAuditOutbox? audit;

    private string SchoolId => this.GetPrimaryKeyString();

    private StateAuditOutbox Audit => audit ??= new StateAuditOutbox(this, GrainFactory, auditIntents, IAdminAuditGrain.District, () => state.State.AuditOutbox);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Audit.ResumeAfterActivation();
        return Task.CompletedTask;
    }

    private DateTimeOffset Now => clock.GetUtcNow();

    private ISchoolGrain School => GrainFactory.GetGrain<ISchoolGrain>(SchoolId);

    public Task<SchoolSuspension?> GetSuspension() => Task.FromResult(state.State.Suspension);

    public async Task<SchoolSuspension?> ShowSuspension(Actor actor)
    {
        // School.Get answers members and operators, NOT_FOUND to anyone else (DIS-1).
        await School.Get(actor);
        return state.State.Suspension;
    }

    public async Task<SchoolSuspension> Suspend(Actor actor, string reason)
    {
        await EnsureOperator(actor);
        var text = SuspensionRules.Reason(reason);
        await School.Get(actor);
        state.State.Suspension = new SchoolSuspension(text, actor.UserId, Now);
        await SaveWithAuditAsync(AdminActions.SchoolSuspended, actor, text);
        return state.State.Suspension;
    }

    public async Task Resume(Actor actor)
    {
        await EnsureOperator(actor);
        if (state.State.Suspension is null)
            throw DomainException.Precondition(DistrictErrors.SchoolNotSuspended, "The school is not suspended.");
        state.State.Suspension = null;
        await SaveWithAuditAsync(AdminActions.SchoolResumed, actor, "");
    }

    /// <summary>Issue 8: the suspension's change and its district audit row are one write; the row is appended after.</summary>
    private async Task SaveWithAuditAsync(string action, Actor actor, string detail)
    {
        Audit.Add(new AdminAuditRecord(action, actor.UserId, null, $"school {SchoolId}: {detail}", Now));
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory is ahead of storage: the next call starts from what was stored.
            DeactivateOnIdle();
            throw;
        }

        SuspensionGuard.Forget(SchoolId);
        await Audit.DeliverAsync();
    }

    public async Task<SchoolView> Recover(Actor actor, SchoolApplication application)
    {
        await EnsureOperator(actor);
        var normalized = await NormalizeAsync(actor, application);
        var phone = ContactAddress.Phone(normalized.AdminPhone);
        var adminId = await GrainFactory.ContactAccounts(contacts, phone).EnsureAccount(phone, normalized.AdminFullName);
        var email = ContactAddress.Email(normalized.AdminEmail);
        await GrainFactory.ContactAccounts(contacts, email).Link(email, adminId);
        // The school commits both audit rows, its own and the district's, with the change (issue 8).
        return await GrainFactory.GetGrain<ISchoolDistrictOps>(SchoolId).AppointFromApplication(actor, normalized, adminId);
    }

    public async Task<SchoolView> UpdateApplication(Actor actor, SchoolApplication application)
    {
        await EnsureOperator(actor);
        var normalized = await NormalizeAsync(actor, application);
        return await GrainFactory.GetGrain<ISchoolDistrictOps>(SchoolId).ReplaceApplication(actor, normalized);
    }

    public async Task<SchoolDetail> Detail(Actor actor)
    {
        await EnsureOperator(actor);
        var view = await School.Get(actor);
        var counts = await GrainFactory.GetGrain<ISchoolDistrictOps>(SchoolId).Counts();
        var chatIds = await GrainFactory.GetGrain<Statistics.ISchoolChatIds>(SchoolId).ChatIds();
        return new SchoolDetail(view, counts, chatIds.Count, await activity.LastActivityAsync(chatIds), state.State.Suspension);
    }

    /// <summary>The application is checked as at registration (ORG-1); the school's information is the school's own.</summary>
    private async Task<SchoolApplication> NormalizeAsync(Actor actor, SchoolApplication application)
    {
        var current = await School.Get(actor);
        return SchoolRules.NormalizeApplication(application with { Info = current.Info }, DateOnly.FromDateTime(Now.UtcDateTime));
    }

    private async Task EnsureOperator(Actor actor)
    {
        if (!await GrainFactory.GetGrain<IDistrictOperators>(IDistrictGrain.Key).IsOperator(actor.UserId))
            throw DomainException.Denied(DistrictErrors.NotOperator, "Only a district operator may do this.", Rules.Org1);
    }
}
