using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Cli.Commands;

[CliCommand("member show", "Show a member's profile (phone and e-mail only to administrators; CHAT-5)")]
internal sealed class ShowMemberCommand(CliEnvironment environment) : MemberRefCommand(environment)
{
    protected override async Task<Member> Call(MemberService.MemberServiceClient client, string schoolId, string userId, CallOptions options) =>
        (await client.GetMemberAsync(new GetMemberRequest { SchoolId = schoolId, UserId = userId }, options)).Member;
}
