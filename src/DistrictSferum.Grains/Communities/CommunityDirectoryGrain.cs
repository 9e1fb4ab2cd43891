using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Audit;
using DistrictSferum.Contracts.Communities;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Grains.Audit;
using DistrictSferum.Grains.Common;
using Microsoft.Extensions.DependencyInjection;
using DistrictSferum.Grains.Districts;

namespace DistrictSferum.Grains.Communities;

[GenerateSerializer, Alias("ds.CommunityDirectoryState")]
public sealed class CommunityDirectoryState
{
    [Id(0)] public List<string> CommunityIds { get; set; } = [];

    /// <summary>Issue 8: district admin-audit rows of creations, stored with them, not yet in the chain.</summary>
    [Id(1)] public List<AdminAuditRecord> AuditOutbox { get; set; } = [];
}

/// <summary>The district's communities: operators create them (audited), operators and verified teachers list them.</summary>
public sealed class CommunityDirectoryGrain(
    [PersistentState("community-directory", StorageNames.Grains)] IPersistentState<CommunityDirectoryState> state,
    AuditIntents auditIntents,
    Contracts.Identity.ContactKeys keys,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock) : Grain, ICommunityDirectoryGrain
{
    private StateAuditOutbox? audit;

    private StateAuditOutbox Audit => audit ??= new StateAuditOutbox(this, GrainFactory, auditIntents, IAdminAuditGrain.District, () => state.State.AuditOutbox);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Audit.ResumeAfterActivation();
        return Task.CompletedTask;
    }

    public async Task<CommunityView> Create(Actor actor, NewCommunity community, string? requestId = null)
    {
        await EnsureOperator(actor);
        var normalized = CommunityState.Normalize(community);
        var moderators = await Task.WhenAll(normalized.ModeratorIds.Select(id => TeacherStandings.OfAsync(GrainFactory, id)));
        foreach (var m in moderators) CommunityState.EnsureVerifiedTeacher(m);
        // Issue 9: with a request id the community's id is derived from it, so a retry reaches the first attempt's community.
        var communityId = requestId is null ? CommunityIds.New() : CommunityIds.From(ClientRequestIds.IdOf(keys, "community", actor.UserId, requestId));
        var view = await GrainFactory.GetGrain<ICommunityGrain>(communityId).Create(actor, normalized, moderators);
        if (state.State.CommunityIds.Contains(communityId)) return view;
        state.State.CommunityIds.Add(communityId);
        // Issue 8: listed and audited in one write; the row is appended after.
        Audit.Add(new AdminAuditRecord(AdminActions.CommunityCreated, actor.UserId, "", $"community {communityId}", clock.GetUtcNow()));
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }

        await Audit.DeliverAsync();
        return view;
    }

    public async Task<Page<CommunityView>> List(Actor actor, PageRequest page)
    {
        if (!await GrainFactory.GetGrain<IDistrictOperators>(IDistrictGrain.Key).IsOperator(actor.UserId) &&
            (await TeacherStandings.OfAsync(GrainFactory, actor.UserId)).SchoolIds.Count == 0)
            throw DomainException.Denied(CommunityErrors.NotVerifiedTeacherOfDistrict, "District communities are for verified teachers and operators.", Rules.Dis2);
        var slice = Paging.Slice(state.State.CommunityIds, page);
        var views = await Task.WhenAll(slice.Items.Select(id => GrainFactory.GetGrain<ICommunityRoster>(id).Summary()));
        return new Page<CommunityView>(views, slice.NextCursor);
    }

    private async Task EnsureOperator(Actor actor)
    {
        if (!await GrainFactory.GetGrain<IDistrictOperators>(IDistrictGrain.Key).IsOperator(actor.UserId))
            throw DomainException.Denied(DistrictErrors.NotOperator, "Only a district operator may do this.", Rules.Org1);
    }
}
