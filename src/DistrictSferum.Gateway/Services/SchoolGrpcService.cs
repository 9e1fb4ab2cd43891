using DistrictSferum.Contracts.Schools;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Gateway.Services;

public sealed class SchoolGrpcService(IGrainFactory grains) : SchoolService.SchoolServiceBase
{
    public override async Task<GetSchoolResponse> GetSchool(GetSchoolRequest request, ServerCallContext context) =>
        new() { School = (await School(request.SchoolId).Get(context.Actor())).ToProto() };

    public override async Task<UpdateSchoolResponse> UpdateSchool(UpdateSchoolRequest request, ServerCallContext context)
    {
        var patch = new SchoolInfoPatch(
            request.HasName ? request.Name : null,
            request.HasShortName ? request.ShortName : null,
            request.HasAddress ? request.Address : null,
            request.HasTimeZone ? request.TimeZone : null,
            request.HasJournalUrl ? request.JournalUrl : null,
            request.HasObjectionWindowHours ? request.ObjectionWindowHours : null);
        return new UpdateSchoolResponse { School = (await School(request.SchoolId).UpdateInfo(context.Actor(), patch)).ToProto() };
    }

    private ISchoolGrain School(string schoolId) => grains.GetGrain<ISchoolGrain>(GrainKeys.Require(schoolId, "school_id"));
}
