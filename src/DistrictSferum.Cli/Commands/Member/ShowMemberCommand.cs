using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Grpc.Core;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

[CliCommand("member show", "Show a member's profile (phone and e-mail only to administrators; CHAT-5)")]
internal sealed class ShowMemberCommand(CliEnvironment environment) : MemberRefCommand(environment)
{
    protected override AsyncUnaryCall<Member> Call(MemberService.MemberServiceClient client, MemberRef member, CallOptions options) =>
        client.GetMemberAsync(member, options);
}
