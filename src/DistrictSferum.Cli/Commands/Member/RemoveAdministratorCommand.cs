using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Grpc.Core;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

[CliCommand("member remove-admin", "Remove an administrator, or step down; never the last one (administrators; ORG-6)")]
internal sealed class RemoveAdministratorCommand(CliEnvironment environment) : MemberRefCommand(environment)
{
    protected override AsyncUnaryCall<Member> Call(MemberService.MemberServiceClient client, MemberRef member, CallOptions options) =>
        client.RemoveAdministratorAsync(member, options);
}
