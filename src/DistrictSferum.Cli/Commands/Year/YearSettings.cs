using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class YearSettings : SchoolIdSettings
{
    [CommandOption("--final-grade <GRADE>"), Description("The grade that graduates: 11 (default), or 9 for a basic school")]
    public int FinalGrade { get; set; }

    [CommandOption("--archive-chats"), Description("Archive the moving classes' chats (read-only, history kept) instead of letting them follow their class")]
    public bool ArchiveChats { get; set; }
}
