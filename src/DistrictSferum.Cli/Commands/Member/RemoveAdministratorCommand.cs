using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Cli.Commands;

[CliCommand("member remove-admin", "Remove an administrator, or step down; never the last one (administrators; ORG-6)")]
internal sealed class RemoveAdministratorCommand(CliEnvironment environment) : MemberRefCommand(environment)
{
    protected override async Task<Member> Call(MemberService.MemberServiceClient client, string schoolId, string userId, CallOptions options) =>
        (await client.RemoveAdministratorAsync(new RemoveAdministratorRequest { SchoolId = schoolId, UserId = userId }, options)).Member;
}
