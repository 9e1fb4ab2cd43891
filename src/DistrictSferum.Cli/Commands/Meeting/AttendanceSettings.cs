using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class AttendanceSettings : PagingSettings
{
    [CommandArgument(0, "<MEETING_ID>"), Description("The meeting's id")]
    public string MeetingId { get; set; } = "";
}
