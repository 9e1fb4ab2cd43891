using DistrictSferum.Cli.Infrastructure;

namespace DistrictSferum.Cli.Commands;

[CliCommand("request accept", "Accept a join request: its author becomes a member in its class and role")]
[CliExample("request", "accept", "SCHOOL_ID", "REQUEST_ID")]
internal sealed class AcceptJoinRequestCommand(CliEnvironment environment) : DecideJoinRequestCommand(environment, accept: true);
