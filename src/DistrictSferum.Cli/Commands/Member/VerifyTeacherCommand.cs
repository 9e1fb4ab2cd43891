using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Grpc.Core;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

[CliCommand("member verify", "Confirm a teacher: their profile then shows the verified badge (administrators; ORG-9)")]
[CliExample("member", "verify", "SCHOOL_ID", "USER_ID")]
internal sealed class VerifyTeacherCommand(CliEnvironment environment) : MemberRefCommand(environment)
{
    protected override AsyncUnaryCall<Member> Call(MemberService.MemberServiceClient client, MemberRef member, CallOptions options) =>
        client.VerifyTeacherAsync(member, options);
}
