using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class InviteRefSettings : SchoolIdSettings
{
    [CommandArgument(1, "<INVITE_ID>"), Description("The link's id (see `invite list`)")]
    public string InviteId { get; set; } = "";
}
