using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class JoinRequestRefSettings : SchoolIdSettings
{
    [CommandArgument(1, "<REQUEST_ID>"), Description("The request's id (see `request list`)")]
    public string RequestId { get; set; } = "";
}
