using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Protos.V1;
using Grpc.Core;
using ContractInviteRequest = DistrictSferum.Contracts.Schools.InviteRequest;

namespace DistrictSferum.Gateway.Services;

public sealed class InviteGrpcService(IGrainFactory grains) : InviteService.InviteServiceBase
{
    public override async Task<CreateInviteResponse> CreateInvite(CreateInviteRequest request, ServerCallContext context)
    {
        var classId = GrainKeys.Require(request.ClassId, "class_id");
        var created = await Class(request.SchoolId, classId).CreateInvite(context.Actor(), new ContractInviteRequest(
            classId, WireEnums.JoinRoles.ToDomain(request.Role, "role"), request.Lifetime.ToOptionalSpan("lifetime"),
            request.MaxUses == 0 ? null : request.MaxUses, request.AutoAccept, request.StudentId is { Length: > 0 } s ? s : null,
            ClientRequestIds.Optional(request.ClientRequestId)));
        return new CreateInviteResponse { Invite = created.Invite.ToProto(), Token = created.Token };
    }

    public override async Task<ListInvitesResponse> ListInvites(ListInvitesRequest request, ServerCallContext context)
    {
        var page = await School(request.SchoolId).ListInvites(context.Actor(), ProtoMapping.ToPage(request.PageSize, request.PageToken));
        return new ListInvitesResponse { Invites = { page.Items.Select(i => i.ToProto()) }, NextPageToken = page.NextCursor ?? "" };
    }

    public override async Task<RevokeInviteResponse> RevokeInvite(RevokeInviteRequest request, ServerCallContext context) =>
        new() { Invite = (await School(request.SchoolId).RevokeInvite(context.Actor(), GrainKeys.Require(request.InviteId, "invite_id"))).ToProto() };

    public override async Task<AnnulUnusedInvitesResponse> AnnulUnusedInvites(AnnulUnusedInvitesRequest request, ServerCallContext context) =>
        new() { Annulled = await School(request.SchoolId).AnnulUnusedInvites(context.Actor(), request.OlderThan.ToOptionalSpan("older_than")) };

    public override async Task<FollowInviteResponse> FollowInvite(FollowInviteRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.Token) || request.Token.Length > 128)
            throw DomainException.InvalidField("token", SchoolErrors.TokenInvalid, "The invite token is missing or malformed.", Rules.Org5);
        var hash = LinkTokens.Hash(request.Token.Trim());
        var location = await grains.GetGrain<IInviteTokenGrain>(hash).Resolve();
        var result = await Class(location.SchoolId, location.ClassId!).FollowInvite(context.Actor(), location.InviteId, hash);
        return new FollowInviteResponse { Request = result.Request.ToProto(result.SchoolId) };
    }

    private ISchoolGrain School(string schoolId) => grains.GetGrain<ISchoolGrain>(GrainKeys.Require(schoolId, "school_id"));

    /// <summary>Links are created and followed at their class, so admissions spread over a school's classes.</summary>
    private ISchoolClassGrain Class(string schoolId, string classId) =>
        grains.GetGrain<ISchoolClassGrain>(ISchoolClassGrain.Key(GrainKeys.Require(schoolId, "school_id"), classId));
}
