using DistrictSferum.Cli.Infrastructure;

namespace DistrictSferum.Cli.Commands;

[CliCommand("community reject", "Reject a request to join (community moderators)")]
[CliExample("community", "reject", "COMMUNITY_ID", "USER_ID")]
internal sealed class RejectCommunityRequestCommand(CliEnvironment environment) : DecideCommunityRequestCommand(environment, false);
