using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Gateway.Services;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ContractApplication = DistrictSferum.Contracts.Schools.SchoolApplication;
using ContractSuspension = DistrictSferum.Contracts.Districts.SchoolSuspension;
using ProtoSuspension = DistrictSferum.Protos.V1.SchoolSuspension;

namespace DistrictSferum.Gateway.Districts;

/// <summary>The operators' tools over schools: each RPC is one call to the school's oversight grain or the district.</summary>
public sealed class SchoolOversightGrpcService(IGrainFactory grains) : SchoolOversightService.SchoolOversightServiceBase
{
    public override async Task<SearchSchoolsResponse> SearchSchools(SearchSchoolsRequest request, ServerCallContext context)
    {
        var page = await District.SearchSchools(context.Actor(), request.Query, ProtoMapping.ToPage(request.PageSize, request.PageToken));
        return new SearchSchoolsResponse { Schools = { page.Items.Select(s => s.ToProto()) }, NextPageToken = page.NextCursor ?? "" };
    }

    public override async Task<GetSchoolDetailResponse> GetSchoolDetail(GetSchoolDetailRequest request, ServerCallContext context)
    {
        var d = await Oversight(request.SchoolId).Detail(context.Actor());
        var response = new GetSchoolDetailResponse
        {
            School = d.School.ToProto(),
            Members = d.Counts.Members,
            Administrators = d.Counts.Administrators,
            Teachers = d.Counts.Teachers,
            Students = d.Counts.Students,
            Parents = d.Counts.Parents,
            Classes = d.Counts.Classes,
            Chats = d.Chats,
            Suspension = ToProto(d.Suspension),
        };
        if (d.LastActivity is { } last) response.LastActivity = last.ToTimestamp();
        return response;
    }

    public override async Task<SuspendSchoolResponse> SuspendSchool(SuspendSchoolRequest request, ServerCallContext context) =>
        new() { Suspension = ToProto(await Oversight(request.SchoolId).Suspend(context.Actor(), request.Reason)) };

    public override async Task<ResumeSchoolResponse> ResumeSchool(ResumeSchoolRequest request, ServerCallContext context)
    {
        await Oversight(request.SchoolId).Resume(context.Actor());
        return new ResumeSchoolResponse();
    }

    public override async Task<GetSchoolSuspensionResponse> GetSchoolSuspension(GetSchoolSuspensionRequest request, ServerCallContext context) =>
        new() { Suspension = ToProto(await Oversight(request.SchoolId).ShowSuspension(context.Actor())) };

    public override async Task<RecoverSchoolResponse> RecoverSchool(RecoverSchoolRequest request, ServerCallContext context) =>
        new()
        {
            School = (await Oversight(request.SchoolId).Recover(context.Actor(), Application(request.AdminFullName, request.AdminEmail,
            request.AdminPhone, request.OrderNumber, request.OrderDate))).ToProto()
        };

    public override async Task<UpdateSchoolApplicationResponse> UpdateSchoolApplication(UpdateSchoolApplicationRequest request, ServerCallContext context) =>
        new()
        {
            School = (await Oversight(request.SchoolId).UpdateApplication(context.Actor(), Application(request.AdminFullName, request.AdminEmail,
            request.AdminPhone, request.OrderNumber, request.OrderDate))).ToProto()
        };

    public override async Task<AnnounceToAdministratorsResponse> AnnounceToAdministrators(AnnounceToAdministratorsRequest request, ServerCallContext context) =>
        new() { Schools = await District.AnnounceToAdministrators(context.Actor(), Guid.NewGuid().ToString("N")[..16], request.Subject, request.Text) };

    /// <summary>The school's information is the school's own: the grain puts it in.</summary>
    private static ContractApplication Application(string name, string email, string phone, string orderNumber, string orderDate) =>
        new(new Contracts.Schools.SchoolInfo("", "", "", "", ""), name, email, phone, orderNumber, ProtoMapping.ParseDate(orderDate, "order_date", Rules.Org1));

    private static ProtoSuspension? ToProto(ContractSuspension? s) =>
        s is null ? null : new ProtoSuspension { Reason = s.Reason, OperatorId = s.OperatorId, Since = s.Since.ToTimestamp() };

    private IDistrictGrain District => grains.GetGrain<IDistrictGrain>(IDistrictGrain.Key);

    private ISchoolOversightGrain Oversight(string schoolId) => grains.GetGrain<ISchoolOversightGrain>(GrainKeys.Require(schoolId, "school_id"));
}
