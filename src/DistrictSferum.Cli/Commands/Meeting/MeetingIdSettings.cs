using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal class MeetingIdSettings : GlobalSettings
{
    [CommandArgument(0, "<MEETING_ID>"), Description("The meeting's id (see `meeting list`)")]
    public string MeetingId { get; set; } = "";
}
