using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Gateway.Services;

public sealed class ClassGrpcService(IGrainFactory grains, ContactKeys keys) : ClassService.ClassServiceBase
{
    public override async Task<CreateClassResponse> CreateClass(CreateClassRequest request, ServerCallContext context)
    {
        var requestId = ClientRequestIds.Optional(request.ClientRequestId);
        var classId = requestId is null ? null : ClientRequestIds.IdOf(keys, "class/" + request.SchoolId, context.Actor().UserId, requestId);
        return new()
        {
            Class = (await School(request.SchoolId).CreateClass(context.Actor(), request.Name, WireEnums.ClassKinds.ToDomain(request.Kind, "kind"),
            request.AcademicYear == 0 ? null : request.AcademicYear, classId)).ToProto()
        };
    }

    public override async Task<RenameClassResponse> RenameClass(RenameClassRequest request, ServerCallContext context) =>
        new() { Class = (await School(request.SchoolId).RenameClass(context.Actor(), GrainKeys.Require(request.ClassId, "class_id"), request.Name)).ToProto() };

    public override async Task<ArchiveClassResponse> ArchiveClass(ArchiveClassRequest request, ServerCallContext context) =>
        new() { Class = (await School(request.SchoolId).ArchiveClass(context.Actor(), GrainKeys.Require(request.ClassId, "class_id"))).ToProto() };

    public override async Task<ListClassesResponse> ListClasses(ListClassesRequest request, ServerCallContext context)
    {
        var page = await School(request.SchoolId).ListClasses(context.Actor(), request.IncludeArchived, ProtoMapping.ToPage(request.PageSize, request.PageToken));
        return new ListClassesResponse { Classes = { page.Items.Select(c => c.ToProto()) }, NextPageToken = page.NextCursor ?? "" };
    }

    public override async Task<AttachClassTeacherResponse> AttachClassTeacher(AttachClassTeacherRequest request, ServerCallContext context) =>
        new()
        {
            Class = (await School(request.SchoolId).AttachClassTeacher(context.Actor(), GrainKeys.Require(request.ClassId, "class_id"),
            GrainKeys.Require(request.TeacherId, "teacher_id"))).ToProto()
        };

    public override async Task<DetachClassTeacherResponse> DetachClassTeacher(DetachClassTeacherRequest request, ServerCallContext context) =>
        new()
        {
            Class = (await School(request.SchoolId).DetachClassTeacher(context.Actor(), GrainKeys.Require(request.ClassId, "class_id"),
            GrainKeys.Require(request.TeacherId, "teacher_id"))).ToProto()
        };

    public override async Task<PreviewYearRolloverResponse> PreviewYearRollover(PreviewYearRolloverRequest request, ServerCallContext context) =>
        new() { Rollover = (await School(request.SchoolId).PreviewYearRollover(context.Actor(), FinalGrade(request.FinalGrade), request.ArchiveClassChats)).ToProto() };

    public override async Task<ApplyYearRolloverResponse> ApplyYearRollover(ApplyYearRolloverRequest request, ServerCallContext context) =>
        new() { Rollover = (await School(request.SchoolId).ApplyYearRollover(context.Actor(), FinalGrade(request.FinalGrade), request.ArchiveClassChats)).ToProto() };

    private static int? FinalGrade(int wire) => wire == 0 ? null : wire;

    private ISchoolGrain School(string schoolId) => grains.GetGrain<ISchoolGrain>(GrainKeys.Require(schoolId, "school_id"));
}
