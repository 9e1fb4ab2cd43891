using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Cli.Commands;

[CliCommand("member appoint-admin", "Appoint a teacher as an administrator (administrators; ORG-6)")]
internal sealed class AppointAdministratorCommand(CliEnvironment environment) : MemberRefCommand(environment)
{
    protected override async Task<Member> Call(MemberService.MemberServiceClient client, string schoolId, string userId, CallOptions options) =>
        (await client.AppointAdministratorAsync(new AppointAdministratorRequest { SchoolId = schoolId, UserId = userId }, options)).Member;
}
