using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Protos.V1;
using Grpc.Core;
using ContractApplication = DistrictSferum.Contracts.Schools.SchoolApplication;

namespace DistrictSferum.Gateway.Services;

public sealed class DistrictGrpcService(IGrainFactory grains, ContactKeys keys) : DistrictService.DistrictServiceBase
{
    private IDistrictGrain District => grains.GetGrain<IDistrictGrain>(IDistrictGrain.Key);

    public override async Task<RegisterSchoolResponse> RegisterSchool(RegisterSchoolRequest request, ServerCallContext context)
    {
        var application = new ContractApplication(
            request.Info.ToContract(), request.AdminFullName, request.AdminEmail, request.AdminPhone, request.OrderNumber,
            ProtoMapping.ParseDate(request.OrderDate, "order_date", Rules.Org1));
        var requestId = ClientRequestIds.Optional(request.ClientRequestId);
        var schoolId = requestId is null ? null : ClientRequestIds.IdOf(keys, "school", context.Actor().UserId, requestId);
        return new RegisterSchoolResponse { School = (await District.RegisterSchool(context.Actor(), application, schoolId)).ToProto() };
    }

    public override async Task<ListSchoolsResponse> ListSchools(ListSchoolsRequest request, ServerCallContext context)
    {
        var page = await District.ListSchools(context.Actor(), ProtoMapping.ToPage(request.PageSize, request.PageToken));
        return new ListSchoolsResponse { Schools = { page.Items.Select(s => s.ToProto()) }, NextPageToken = page.NextCursor ?? "" };
    }

    public override async Task<AddOperatorResponse> AddOperator(AddOperatorRequest request, ServerCallContext context)
    {
        var userId = await District.AddOperator(context.Actor(), ContactAddress.Parse(request.Contact), request.DisplayName);
        return new AddOperatorResponse { UserId = userId };
    }

    public override async Task<ListOperatorsResponse> ListOperators(ListOperatorsRequest request, ServerCallContext context) =>
        new() { Operators = { (await District.ListOperators(context.Actor())).Select(o => new DistrictOperator { UserId = o.UserId, DisplayName = o.DisplayName }) } };

    public override async Task<RemoveOperatorResponse> RemoveOperator(RemoveOperatorRequest request, ServerCallContext context)
    {
        await District.RemoveOperator(context.Actor(), GrainKeys.Require(request.UserId, "user_id"));
        return new RemoveOperatorResponse();
    }
}
