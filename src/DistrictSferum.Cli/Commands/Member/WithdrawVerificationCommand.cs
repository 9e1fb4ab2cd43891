using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Cli.Commands;

[CliCommand("member unverify", "Withdraw a teacher's verified badge: they see only staff again, and a director or deputy loses that role (administrators; ORG-9)")]
[CliExample("member", "unverify", "SCHOOL_ID", "USER_ID")]
internal sealed class WithdrawVerificationCommand(CliEnvironment environment) : MemberRefCommand(environment)
{
    protected override async Task<Member> Call(MemberService.MemberServiceClient client, string schoolId, string userId, CallOptions options) =>
        (await client.WithdrawVerificationAsync(new WithdrawVerificationRequest { SchoolId = schoolId, UserId = userId }, options)).Member;
}
