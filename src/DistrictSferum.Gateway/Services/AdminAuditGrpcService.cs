using DistrictSferum.Contracts.Audit;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace DistrictSferum.Gateway.Services;

public sealed class AdminAuditGrpcService(IGrainFactory grains) : AdminAuditService.AdminAuditServiceBase
{
    public override async Task<ListAdminAuditResponse> ListAdminAudit(ListAdminAuditRequest request, ServerCallContext context)
    {
        var page = await Chain(request.SchoolId).Query(context.Actor(), ProtoMapping.ToPage(request.PageSize, request.PageToken));
        return new ListAdminAuditResponse
        {
            Entries =
            {
                page.Items.Select(e => new AdminAuditEntry
                {
                    Chain = e.SchoolId, Seq = e.Seq, Action = e.Action, ActorId = e.ActorId, SubjectUserId = e.SubjectUserId ?? "",
                    Detail = e.Detail, At = e.At.ToTimestamp(), Hash = e.Hash, KeyId = e.KeyId,
                }),
            },
            NextPageToken = page.NextCursor ?? "",
        };
    }

    public override async Task<VerifyAdminAuditResponse> VerifyAdminAudit(VerifyAdminAuditRequest request, ServerCallContext context)
    {
        var result = await grains.GetGrain<Contracts.Moderation.IAuditVerifierGrain>(0).VerifyAdmin(context.Actor(), Chain(request.SchoolId).GetPrimaryKeyString());
        return new VerifyAdminAuditResponse { Intact = result.Intact, RowsChecked = result.RowsChecked, FirstBrokenSeq = result.FirstBrokenSeq ?? 0 };
    }

    private IAdminAuditGrain Chain(string schoolId) =>
        grains.GetGrain<IAdminAuditGrain>(schoolId is { Length: > 0 } ? GrainKeys.Require(schoolId, "school_id") : IAdminAuditGrain.District);
}
