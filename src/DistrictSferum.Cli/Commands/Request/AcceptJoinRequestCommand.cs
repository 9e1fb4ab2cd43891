using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

[CliCommand("request accept", "Accept a join request: its author becomes a member in its class and role")]
[CliExample("request", "accept", "SCHOOL_ID", "REQUEST_ID")]
internal sealed class AcceptJoinRequestCommand(CliEnvironment environment) : DecideJoinRequestCommand(environment, accept: true);
