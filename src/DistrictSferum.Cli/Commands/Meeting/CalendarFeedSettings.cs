using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class CalendarFeedSettings : GlobalSettings
{
    [CommandOption("--revoke"), Description("Revoke your feed: its URL stops working")]
    public bool Revoke { get; set; }
}
