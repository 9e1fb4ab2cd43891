using DistrictSferum.Contracts.Schools;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Gateway.Services;

public sealed class MemberGrpcService(IGrainFactory grains) : MemberService.MemberServiceBase
{
    public override async Task<ListJoinRequestsResponse> ListJoinRequests(ListJoinRequestsRequest request, ServerCallContext context)
    {
        var page = await School(request.SchoolId).ListJoinRequests(context.Actor(), ProtoMapping.ToPage(request.PageSize, request.PageToken));
        return new ListJoinRequestsResponse { Requests = { page.Items.Select(r => r.ToProto(request.SchoolId)) }, NextPageToken = page.NextCursor ?? "" };
    }

    public override async Task<DecideJoinRequestResponse> DecideJoinRequest(DecideJoinRequestRequest request, ServerCallContext context) =>
        new()
        {
            Request = (await School(request.SchoolId).DecideJoinRequest(context.Actor(), GrainKeys.Require(request.RequestId, "request_id"), request.Accept))
        .ToProto(request.SchoolId)
        };

    public override async Task<ListMembersResponse> ListMembers(ListMembersRequest request, ServerCallContext context)
    {
        var classId = request.ClassId is { Length: > 0 } c ? GrainKeys.Require(c, "class_id") : null;
        var page = await School(request.SchoolId).ListMembers(context.Actor(), classId, WireEnums.SchoolRoles.ToOptionalDomain(request.Role, "role") ?? SchoolRoles.None,
            ProtoMapping.ToPage(request.PageSize, request.PageToken));
        return new ListMembersResponse { Members = { page.Items.Select(m => m.ToProto()) }, NextPageToken = page.NextCursor ?? "" };
    }

    public override async Task<GetMemberResponse> GetMember(GetMemberRequest request, ServerCallContext context) =>
        new() { Member = (await School(request.SchoolId).GetMember(context.Actor(), User(request.UserId))).ToProto() };

    public override async Task<VerifyTeacherResponse> VerifyTeacher(VerifyTeacherRequest request, ServerCallContext context) =>
        new() { Member = (await School(request.SchoolId).VerifyTeacher(context.Actor(), User(request.UserId))).ToProto() };

    public override async Task<WithdrawVerificationResponse> WithdrawVerification(WithdrawVerificationRequest request, ServerCallContext context) =>
        new() { Member = (await School(request.SchoolId).WithdrawVerification(context.Actor(), User(request.UserId))).ToProto() };

    public override async Task<AppointAdministratorResponse> AppointAdministrator(AppointAdministratorRequest request, ServerCallContext context) =>
        new() { Member = (await School(request.SchoolId).AppointAdministrator(context.Actor(), User(request.UserId))).ToProto() };

    public override async Task<RemoveAdministratorResponse> RemoveAdministrator(RemoveAdministratorRequest request, ServerCallContext context) =>
        new() { Member = (await School(request.SchoolId).RemoveAdministrator(context.Actor(), User(request.UserId))).ToProto() };

    public override async Task<SetManagementRoleResponse> SetManagementRole(SetManagementRoleRequest request, ServerCallContext context) =>
        new()
        {
            Member = (await School(request.SchoolId).SetManagementRole(context.Actor(), GrainKeys.Require(request.UserId, "user_id"),
            WireEnums.SchoolRoles.ToDomain(request.Role, "role"), request.Holds)).ToProto()
        };

    public override async Task<MoveStudentResponse> MoveStudent(MoveStudentRequest request, ServerCallContext context) =>
        new()
        {
            Movement = (await School(request.SchoolId).MoveStudent(context.Actor(), GrainKeys.Require(request.StudentId, "student_id"),
            GrainKeys.Require(request.ToClassId, "to_class_id"))).ToProto()
        };

    public override async Task<RecordStudentLeftResponse> RecordStudentLeft(RecordStudentLeftRequest request, ServerCallContext context) =>
        new() { Movement = (await School(request.SchoolId).RecordStudentLeft(context.Actor(), User(request.UserId))).ToProto() };

    public override async Task<RecordEmployeeLeftResponse> RecordEmployeeLeft(RecordEmployeeLeftRequest request, ServerCallContext context) =>
        new() { Movement = (await School(request.SchoolId).RecordEmployeeLeft(context.Actor(), User(request.UserId))).ToProto() };

    public override async Task<ListMovementsResponse> ListMovements(ListMovementsRequest request, ServerCallContext context)
    {
        var page = await School(request.SchoolId).ListMovements(context.Actor(), ProtoMapping.ToPage(request.PageSize, request.PageToken));
        return new ListMovementsResponse { Movements = { page.Items.Select(m => m.ToProto()) }, NextPageToken = page.NextCursor ?? "" };
    }

    private static string User(string userId) => GrainKeys.Require(userId, "user_id");

    private ISchoolGrain School(string schoolId) => grains.GetGrain<ISchoolGrain>(GrainKeys.Require(schoolId, "school_id"));
}
