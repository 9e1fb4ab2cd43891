using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal class StudentRefSettings : SchoolIdSettings
{
    [CommandArgument(1, "<STUDENT_ID>"), Description("The student's user id")]
    public string StudentId { get; set; } = "";
}
