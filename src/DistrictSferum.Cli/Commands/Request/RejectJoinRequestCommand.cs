using DistrictSferum.Cli.Infrastructure;

namespace DistrictSferum.Cli.Commands;

[CliCommand("request reject", "Reject a join request")]
internal sealed class RejectJoinRequestCommand(CliEnvironment environment) : DecideJoinRequestCommand(environment, accept: false);
