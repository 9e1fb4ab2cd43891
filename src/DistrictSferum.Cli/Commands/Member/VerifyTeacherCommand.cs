using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Cli.Commands;

[CliCommand("member verify", "Confirm a teacher: their profile then shows the verified badge (administrators; ORG-9)")]
[CliExample("member", "verify", "SCHOOL_ID", "USER_ID")]
internal sealed class VerifyTeacherCommand(CliEnvironment environment) : MemberRefCommand(environment)
{
    protected override async Task<Member> Call(MemberService.MemberServiceClient client, string schoolId, string userId, CallOptions options) =>
        (await client.VerifyTeacherAsync(new VerifyTeacherRequest { SchoolId = schoolId, UserId = userId }, options)).Member;
}
