using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Grpc.Core;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

[CliCommand("member appoint-admin", "Appoint a teacher as an administrator (administrators; ORG-6)")]
internal sealed class AppointAdministratorCommand(CliEnvironment environment) : MemberRefCommand(environment)
{
    protected override AsyncUnaryCall<Member> Call(MemberService.MemberServiceClient client, MemberRef member, CallOptions options) =>
        client.AppointAdministratorAsync(member, options);
}
