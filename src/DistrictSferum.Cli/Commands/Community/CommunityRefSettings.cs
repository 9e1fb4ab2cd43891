using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal class CommunityRefSettings : GlobalSettings
{
    [CommandArgument(0, "<COMMUNITY_ID>"), Description("The community's id (see `community list`)")]
    public string CommunityId { get; set; } = "";
}
