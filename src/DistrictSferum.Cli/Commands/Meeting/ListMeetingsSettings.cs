using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class ListMeetingsSettings : PagingSettings
{
    [CommandOption("--school <SCHOOL_ID>"), Description("Every meeting and broadcast of this school with attendance (its director, deputies and administrators)")]
    public string? SchoolId { get; set; }
}
