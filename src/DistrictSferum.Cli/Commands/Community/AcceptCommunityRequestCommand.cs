using DistrictSferum.Cli.Infrastructure;

namespace DistrictSferum.Cli.Commands;

[CliCommand("community accept", "Accept a request to join (community moderators)")]
[CliExample("community", "accept", "COMMUNITY_ID", "USER_ID")]
internal sealed class AcceptCommunityRequestCommand(CliEnvironment environment) : DecideCommunityRequestCommand(environment, true);
