using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

[CliCommand("request reject", "Reject a join request")]
internal sealed class RejectJoinRequestCommand(CliEnvironment environment) : DecideJoinRequestCommand(environment, accept: false);
