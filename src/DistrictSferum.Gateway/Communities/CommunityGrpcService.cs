using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Communities;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Gateway.Chats;
using DistrictSferum.Gateway.Services;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Domain = DistrictSferum.Contracts.Communities;

namespace DistrictSferum.Gateway.Communities;

/// <summary>District communities (DIS-2): each RPC is one call to the community or the district's directory.</summary>
public sealed class CommunityGrpcService(IGrainFactory grains) : CommunityService.CommunityServiceBase
{
    private static readonly EnumMap<Protos.V1.CommunityKind, Domain.CommunityKind> Kinds = new(CommunityErrors.CommunityKindInvalid,
        (Protos.V1.CommunityKind.MethodicalAssociation, Domain.CommunityKind.MethodicalAssociation),
        (Protos.V1.CommunityKind.SubjectAssociation, Domain.CommunityKind.SubjectAssociation),
        (Protos.V1.CommunityKind.ProfessionalDevelopment, Domain.CommunityKind.ProfessionalDevelopment),
        (Protos.V1.CommunityKind.Project, Domain.CommunityKind.Project));

    public override async Task<CreateCommunityResponse> CreateCommunity(CreateCommunityRequest request, ServerCallContext context)
    {
        var moderators = request.ModeratorIds.Select((id, i) => GrainKeys.Require(id, $"moderator_ids[{i}]")).ToList();
        var view = await Directory.Create(context.Actor(), new NewCommunity(Kinds.ToDomain(request.Kind, "kind"), request.Title, request.Description, moderators),
            ClientRequestIds.Optional(request.ClientRequestId));
        return new CreateCommunityResponse { Community = ToProto(view) };
    }

    public override async Task<ListCommunitiesResponse> ListCommunities(ListCommunitiesRequest request, ServerCallContext context)
    {
        var page = await Directory.List(context.Actor(), ProtoMapping.ToPage(request.PageSize, request.PageToken));
        return new ListCommunitiesResponse { Communities = { page.Items.Select(ToProto) }, NextPageToken = page.NextCursor ?? "" };
    }

    public override async Task<GetCommunityResponse> GetCommunity(GetCommunityRequest request, ServerCallContext context) =>
        new() { Community = ToProto(await Community(request.CommunityId).Get(context.Actor())) };

    public override async Task<CreateCommunityLinkResponse> CreateCommunityLink(CreateCommunityLinkRequest request, ServerCallContext context) =>
        new() { LinkToken = await Community(request.CommunityId).CreateLink(context.Actor(), request.Lifetime.ToOptionalSpan("lifetime"), ClientRequestIds.Optional(request.ClientRequestId)) };

    public override async Task<JoinCommunityResponse> JoinCommunity(JoinCommunityRequest request, ServerCallContext context)
    {
        // The token names its community before the '.': the community checks the rest.
        var cut = request.LinkToken.IndexOf('.', StringComparison.Ordinal);
        if (cut <= 0 || !CommunityIds.Is(request.LinkToken[..cut]))
            throw DomainException.InvalidField("link_token", CommunityErrors.CommunityLinkInvalid, "link_token is not a community link.", Rules.Dis2);
        var community = Community(request.LinkToken[..cut], "link_token");
        return new JoinCommunityResponse { Community = ToProto(await community.JoinByLink(context.Actor(), request.LinkToken)) };
    }

    public override async Task<RequestToJoinCommunityResponse> RequestToJoinCommunity(RequestToJoinCommunityRequest request, ServerCallContext context) =>
        new() { Request = ToProto(await Community(request.CommunityId).RequestToJoin(context.Actor())) };

    public override async Task<ListCommunityJoinRequestsResponse> ListCommunityJoinRequests(ListCommunityJoinRequestsRequest request, ServerCallContext context) =>
        new() { Requests = { (await Community(request.CommunityId).ListJoinRequests(context.Actor())).Select(ToProto) } };

    public override async Task<DecideCommunityJoinRequestResponse> DecideCommunityJoinRequest(DecideCommunityJoinRequestRequest request, ServerCallContext context) =>
        new() { Request = ToProto(await Community(request.CommunityId).DecideJoinRequest(context.Actor(), GrainKeys.Require(request.UserId, "user_id"), request.Accept)) };

    public override async Task<SetCommunityModeratorResponse> SetCommunityModerator(SetCommunityModeratorRequest request, ServerCallContext context) =>
        new() { Community = ToProto(await Community(request.CommunityId).SetModerator(context.Actor(), GrainKeys.Require(request.UserId, "user_id"), request.Moderator)) };

    public override async Task<LeaveCommunityResponse> LeaveCommunity(LeaveCommunityRequest request, ServerCallContext context)
    {
        await Community(request.CommunityId).Leave(context.Actor());
        return new LeaveCommunityResponse();
    }

    public override async Task<ListCommunityMembersResponse> ListCommunityMembers(ListCommunityMembersRequest request, ServerCallContext context)
    {
        var page = await Community(request.CommunityId).ListMembers(context.Actor(), ProtoMapping.ToPage(request.PageSize, request.PageToken));
        return new ListCommunityMembersResponse
        {
            Members =
            {
                page.Items.Select(m => new CommunityMember
                {
                    UserId = m.UserId, DisplayName = m.DisplayName, VerifiedTeacher = m.VerifiedTeacher, SchoolShortNames = { m.SchoolShortNames },
                    Moderator = m.Moderator, JoinedAt = m.JoinedAt.ToTimestamp(),
                }),
            },
            NextPageToken = page.NextCursor ?? "",
        };
    }

    public override async Task<CreateCommunityChatResponse> CreateCommunityChat(CreateCommunityChatRequest request, ServerCallContext context)
    {
        var chat = await Community(request.CommunityId).CreateChat(context.Actor(), WireEnums.ChatKinds.ToDomain(request.Kind, "kind"), request.Title, request.RuleClauses,
            ClientRequestIds.Optional(request.ClientRequestId));
        return new CreateCommunityChatResponse { Chat = chat.ToProto() };
    }

    public override async Task<ListCommunityChatsResponse> ListCommunityChats(ListCommunityChatsRequest request, ServerCallContext context) =>
        new() { Chats = { (await Community(request.CommunityId).ListChats(context.Actor())).Select(c => c.ToProto()) } };

    private ICommunityDirectoryGrain Directory => grains.GetGrain<ICommunityDirectoryGrain>(IDistrictGrainKey);

    private const string IDistrictGrainKey = Contracts.Districts.IDistrictGrain.Key;

    private ICommunityGrain Community(string communityId, string field = "community_id")
    {
        var id = GrainKeys.Require(communityId, field);
        return CommunityIds.Is(id) ? grains.GetGrain<ICommunityGrain>(id) : throw DomainException.NotFound(CommunityErrors.CommunityNotFound, "No such community.", Rules.Dis1);
    }

    private static Protos.V1.Community ToProto(CommunityView c) => new()
    {
        CommunityId = c.CommunityId,
        Kind = Kinds.ToWire(c.Kind),
        Title = c.Title,
        Description = c.Description,
        ModeratorIds = { c.ModeratorIds },
        MemberCount = c.MemberCount,
        CreatedAt = c.CreatedAt.ToTimestamp(),
    };

    private static Protos.V1.CommunityJoinRequest ToProto(Domain.CommunityJoinRequest r) => new()
    {
        UserId = r.UserId,
        DisplayName = r.DisplayName,
        SchoolShortNames = { r.SchoolShortNames },
        RequestedAt = r.At.ToTimestamp(),
    };
}
