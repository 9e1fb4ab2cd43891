using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class ListMeetingsSettings : PagingSettings
{
    [CommandOption("--school <SCHOOL_ID>"), Description("Every meeting and broadcast of this school with attendance (its director, deputies and administrators)")]
    public string? SchoolId { get; set; }
}
