using Microsoft.Extensions.DependencyInjection;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Common;
using DistrictSferum.Grains.Schools;

namespace DistrictSferum.Grains.Districts;

[GenerateSerializer, Alias("ds.DistrictState")]
public sealed class DistrictState
{
    [Id(0)] public HashSet<string> OperatorIds { get; set; } = [];
    [Id(1)] public List<SchoolSummary> Schools { get; set; } = [];
}

public sealed class DistrictGrain(
    [PersistentState("district", StorageNames.Grains)] IPersistentState<DistrictState> state,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock) : Grain, IDistrictGrain
{
    public async Task<string> BootstrapOperator(ContactAddress contact, string displayName)
    {
        var userId = await GrainFactory.GetGrain<IContactGrain>(contact.Key).EnsureAccount(displayName);
        if (state.State.OperatorIds.Add(userId)) await state.WriteStateAsync();
        return userId;
    }

    public async Task<string> AddOperator(Actor actor, ContactAddress contact, string displayName)
    {
        EnsureOperator(actor);
        return await BootstrapOperator(contact, displayName);
    }

    public Task<bool> IsOperator(string userId) => Task.FromResult(state.State.OperatorIds.Contains(userId));

    public async Task<SchoolView> RegisterSchool(Actor actor, SchoolApplication application)
    {
        EnsureOperator(actor);
        var now = clock.GetUtcNow();
        var normalized = SchoolRules.NormalizeApplication(application, DateOnly.FromDateTime(now.UtcDateTime));
        if (state.State.Schools.Any(s => string.Equals(s.Name, normalized.Info.Name, StringComparison.OrdinalIgnoreCase)))
            throw DomainException.Exists(CommonErrors.SchoolExists, $"A school named '{normalized.Info.Name}' is already registered.", Rules.Org1);

        var adminPhone = GrainFactory.GetGrain<IContactGrain>(ContactAddress.Phone(normalized.AdminPhone).Key);
        var adminId = await adminPhone.EnsureAccount(normalized.AdminFullName);
        await GrainFactory.GetGrain<IContactGrain>(ContactAddress.Email(normalized.AdminEmail).Key).Link(adminId);

        var schoolId = Guid.NewGuid().ToString("N");
        var view = await GrainFactory.GetGrain<ISchoolGrain>(schoolId)
            .Register(new SchoolRegistration(normalized, adminId, actor.UserId));
        state.State.Schools.Add(new SchoolSummary(schoolId, view.Info.Name, view.Info.ShortName, view.RegisteredAt));
        await state.WriteStateAsync();
        return view;
    }

    public Task<Page<SchoolSummary>> ListSchools(Actor actor, PageRequest page)
    {
        EnsureOperator(actor);
        return Task.FromResult(Paging.Slice(state.State.Schools, page));
    }

    public async Task UpdateSummary(SchoolSummary summary)
    {
        var index = state.State.Schools.FindIndex(s => s.SchoolId == summary.SchoolId);
        if (index < 0 || state.State.Schools[index] == summary) return;
        state.State.Schools[index] = summary;
        await state.WriteStateAsync();
    }

    private void EnsureOperator(Actor actor)
    {
        if (!state.State.OperatorIds.Contains(actor.UserId))
            throw DomainException.Denied(DistrictErrors.NotOperator, "Only a district operator may do this.", Rules.Org1);
    }
}
