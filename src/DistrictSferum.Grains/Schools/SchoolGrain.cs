using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Contracts.Users;
using DistrictSferum.Grains.Common;

namespace DistrictSferum.Grains.Schools;

[GenerateSerializer, Alias("ds.SchoolState")]
public sealed class SchoolState
{
    [Id(0)] public bool Registered { get; set; }
    [Id(1)] public SchoolInfo Info { get; set; } = new("", "", "", SchoolRules.DefaultTimeZone, "");
    [Id(2)] public SchoolApplication? Application { get; set; }
    [Id(3)] public DateTimeOffset RegisteredAt { get; set; }
    [Id(4)] public string RegisteredBy { get; set; } = "";
    [Id(5)] public List<string> AdministratorIds { get; set; } = [];
}

public sealed class SchoolGrain(
    [PersistentState("school", StorageNames.Grains)] IPersistentState<SchoolState> state,
    TimeProvider clock) : Grain, ISchoolGrain
{
    private string SchoolId => this.GetPrimaryKeyString();

    private IDistrictGrain District => GrainFactory.GetGrain<IDistrictGrain>(IDistrictGrain.Key);

    public async Task<SchoolView> Register(SchoolRegistration registration)
    {
        if (state.State.Registered)
            throw DomainException.Exists("SCHOOL_EXISTS", "This school is already registered.", Rules.Org1);

        state.State.Registered = true;
        state.State.Info = registration.Application.Info;
        state.State.Application = registration.Application;
        state.State.RegisteredAt = clock.GetUtcNow();
        state.State.RegisteredBy = registration.RegisteredBy;
        state.State.AdministratorIds = [registration.AdministratorId];
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IUserGrain>(registration.AdministratorId).JoinSchool(SchoolId);
        return View(includeApplication: true);
    }

    public async Task<SchoolView> Get(Actor actor)
    {
        var access = await AccessOf(actor);
        return View(includeApplication: access != Access.Member);
    }

    public async Task<SchoolView> UpdateInfo(Actor actor, SchoolInfoPatch patch)
    {
        if (await AccessOf(actor) != Access.Administrator)
            throw DomainException.Denied("NOT_ADMINISTRATOR", "Only the school's administrators edit its information.", Rules.Org2);

        var info = SchoolRules.Apply(state.State.Info, patch);
        if (info != state.State.Info)
        {
            state.State.Info = info;
            await state.WriteStateAsync();
            await District.UpdateSummary(new SchoolSummary(SchoolId, info.Name, info.ShortName, state.State.RegisteredAt));
        }

        return View(includeApplication: true);
    }

    private enum Access { Member, Administrator, Operator }

    /// <summary>DIS-1: who is neither a member nor an operator learns nothing, not even that the school exists.</summary>
    private async Task<Access> AccessOf(Actor actor)
    {
        if (state.State.Registered)
        {
            if (state.State.AdministratorIds.Contains(actor.UserId)) return Access.Administrator;
            if (await District.IsOperator(actor.UserId)) return Access.Operator;
        }

        throw DomainException.NotFound("SCHOOL_NOT_FOUND", "No such school.", Rules.Dis1);
    }

    private SchoolView View(bool includeApplication) => new(
        SchoolId,
        state.State.Info,
        state.State.RegisteredAt,
        state.State.AdministratorIds.ToList(),
        includeApplication ? state.State.Application : null);
}
