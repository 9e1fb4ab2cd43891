using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Audit;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Communities;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Audit;
using DistrictSferum.Grains.Chats;
using DistrictSferum.Grains.Common;
using Microsoft.Extensions.DependencyInjection;
using DistrictSferum.Grains.Users;
using DistrictSferum.Grains.Districts;

namespace DistrictSferum.Grains.Communities;

/// <summary>
/// A district community (DIS-2): decides through <see cref="CommunityState"/>, persists, then tells the members'
/// accounts (so that leaving the last school can reach it, ETH-9) and its chats.
/// </summary>
public sealed class CommunityGrain(
    [PersistentState("community", StorageNames.Grains)] IPersistentState<CommunityState> state,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    AuditIntents auditIntents,
    Contracts.Identity.ContactKeys keys) : Grain, ICommunityGrain, ICommunityRoster
{
    private StateAuditOutbox? audit;

    private CommunityState Community => state.State;

    private StateAuditOutbox Audit => audit ??= new StateAuditOutbox(this, GrainFactory, auditIntents, IAdminAuditGrain.District, () => Community.AuditOutbox);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Audit.ResumeAfterActivation();
        return Task.CompletedTask;
    }

    private string CommunityId => this.GetPrimaryKeyString();

    private DateTimeOffset Now => clock.GetUtcNow();

    public async Task<CommunityView> Create(Actor actor, NewCommunity community, IReadOnlyList<TeacherStanding> moderators)
    {
        if (Community.Created) return Community.View(CommunityId);
        Community.Create(community, moderators, Now);
        await state.WriteStateAsync();
        foreach (var m in moderators) await GrainFactory.GetGrain<IUserMemberships>(m.UserId).SetCommunityMembership(CommunityId, true);
        return Community.View(CommunityId);
    }

    public async Task<CommunityView> Get(Actor actor)
    {
        Community.RequireCreated();
        if (!Community.Members.ContainsKey(actor.UserId)) await EnsureMayLook(actor);
        return Community.View(CommunityId);
    }

    public Task<CommunityView> Summary()
    {
        Community.RequireCreated();
        return Task.FromResult(Community.View(CommunityId));
    }

    public async Task<string> CreateLink(Actor actor, TimeSpan? lifetime, string? requestId)
    {
        var (linkId, secret) = ClientRequestIds.LinkOf(keys, "community-link/" + CommunityId, actor.UserId, requestId);
        var token = CommunityId + "." + secret;
        if (Community.Links.Any(l => l.LinkId == linkId && l.CreatedBy == actor.UserId && l.TokenHash == LinkTokens.Hash(token))) return token;
        Community.CreateLink(actor.UserId, linkId, LinkTokens.Hash(token), lifetime, Now);
        await state.WriteStateAsync();
        return token;
    }

    public async Task<CommunityView> JoinByLink(Actor actor, string linkToken)
    {
        Community.RequireCreated();
        var standing = await TeacherStandings.OfAsync(GrainFactory, actor.UserId);
        if (Community.JoinByLink(standing, LinkTokens.Hash(linkToken), Now))
        {
            await state.WriteStateAsync();
            await GrainFactory.GetGrain<IUserMemberships>(actor.UserId).SetCommunityMembership(CommunityId, true);
        }

        return Community.View(CommunityId);
    }

    public async Task<CommunityJoinRequest> RequestToJoin(Actor actor)
    {
        Community.RequireCreated();
        var request = Community.RequestToJoin(await TeacherStandings.OfAsync(GrainFactory, actor.UserId), Now);
        await state.WriteStateAsync();
        return request;
    }

    public Task<IReadOnlyList<CommunityJoinRequest>> ListJoinRequests(Actor actor)
    {
        Community.RequireModerator(actor.UserId);
        return Task.FromResult<IReadOnlyList<CommunityJoinRequest>>(Community.Requests.Values.OrderBy(r => r.At).ToList());
    }

    public async Task<CommunityJoinRequest> DecideJoinRequest(Actor actor, string userId, bool accept)
    {
        Community.RequireModerator(actor.UserId);
        var standing = accept && Community.Requests.ContainsKey(userId) ? await TeacherStandings.OfAsync(GrainFactory, userId) : null;
        var request = Community.Decide(actor.UserId, userId, accept, standing, Now);
        await state.WriteStateAsync();
        if (accept) await GrainFactory.GetGrain<IUserMemberships>(userId).SetCommunityMembership(CommunityId, true);
        return request;
    }

    public async Task<CommunityView> SetModerator(Actor actor, string userId, bool moderator)
    {
        Community.RequireCreated();
        var actorIsOperator = !Community.ModeratorIds.Contains(actor.UserId) && await IsOperator(actor);
        if (!actorIsOperator && !Community.Members.ContainsKey(actor.UserId)) throw CommunityState.NotFound();
        if (Community.SetModerator(actor.UserId, actorIsOperator, userId, moderator))
        {
            Audit.Add(new AdminAuditRecord(moderator ? AdminActions.CommunityModeratorAppointed : AdminActions.CommunityModeratorRemoved,
                actor.UserId, userId, $"community {CommunityId}", Now));
            await state.WriteStateAsync();
            await Audit.DeliverAsync();
        }

        return Community.View(CommunityId);
    }

    public async Task Leave(Actor actor)
    {
        Community.Leave(actor.UserId);
        await state.WriteStateAsync();
        await LeaveChatsAsync(actor.UserId);
        await GrainFactory.GetGrain<IUserMemberships>(actor.UserId).SetCommunityMembership(CommunityId, false);
    }

    public async Task<Page<CommunityMemberView>> ListMembers(Actor actor, PageRequest page)
    {
        Community.RequireCreated();
        if (!Community.Members.ContainsKey(actor.UserId) && !await IsOperator(actor)) throw CommunityState.NotFound();
        return Paging.Slice(Community.MemberViews(), page);
    }

    public async Task<ChatView> CreateChat(Actor actor, ChatKind kind, string title, IReadOnlyList<string> ruleClauses, string? requestId = null)
    {
        Community.RequireModerator(actor.UserId);
        // Issue 9: a retry with the same request id reaches the chat its first attempt made (which answers as it is).
        var chatId = ClientRequestIds.IdOf(keys, "community-chat/" + CommunityId, actor.UserId, requestId);
        var creator = Community.Members[actor.UserId];
        var chat = await GrainFactory.GetGrain<ICommunityChat>(chatId).CreateForCommunity(CommunityId, kind, title, ruleClauses, actor.UserId, creator.DisplayName);
        if (Community.ChatIds.Contains(chatId)) return chat;
        Community.ChatIds.Add(chatId);
        await state.WriteStateAsync();
        return chat;
    }

    public async Task<IReadOnlyList<ChatView>> ListChats(Actor actor)
    {
        Community.RequireMember(actor.UserId);
        return await Task.WhenAll(Community.ChatIds.Select(id => GrainFactory.GetGrain<IChatRegistration>(id).Summary()));
    }

    public Task<MemberView> GetMembership(string userId) => Task.FromResult(Community.Membership(userId));

    public Task<IReadOnlyList<string>> GetModeratorIds() => Task.FromResult<IReadOnlyList<string>>(Community.ModeratorIds.ToList());

    public async Task RemoveLeaver(string userId)
    {
        if (!Community.Created) return;
        if (Community.RemoveLeaver(userId)) await state.WriteStateAsync();
        await LeaveChatsAsync(userId);
    }

    /// <summary>
    /// The person is out of every chat of the community: each chat applies it as a leaving movement (the same path as
    /// a school's ETH-9), with the community's moderators as the successors of a lone chat moderator. Idempotent.
    /// </summary>
    private async Task LeaveChatsAsync(string userId)
    {
        var moderators = Community.ModeratorIds.Where(Community.Members.ContainsKey).ToList();
        var facts = new MovementFacts(moderators.ToDictionary(id => id, Community.Membership), new Dictionary<string, IReadOnlyList<string>>(), moderators);
        var movement = new Movement(CommunityId, MovementKind.EmployeeLeft, userId, null, null, userId, Now, [], $"community-{userId}-{Now.ToUnixTimeMilliseconds()}");
        foreach (var chatId in Community.ChatIds)
            await Retry.TransientAsync(() => GrainFactory.GetGrain<IChatMembershipSync>(chatId).ApplyMovement(movement, facts), 3);
    }

    private async Task EnsureMayLook(Actor actor)
    {
        if (await IsOperator(actor)) return;
        if ((await TeacherStandings.OfAsync(GrainFactory, actor.UserId)).SchoolIds.Count == 0) throw CommunityState.NotFound();
    }

    private Task<bool> IsOperator(Actor actor) => GrainFactory.GetGrain<IDistrictOperators>(IDistrictGrain.Key).IsOperator(actor.UserId);
}
