using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal class MeetingIdSettings : GlobalSettings
{
    [CommandArgument(0, "<MEETING_ID>"), Description("The meeting's id (see `meeting list`)")]
    public string MeetingId { get; set; } = "";
}
