using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class RescheduleMeetingSettings : MeetingIdSettings
{
    [CommandOption("--start <TIME>", isRequired: true), Description("The new start: " + TimeOption.Expected)]
    public string Start { get; set; } = "";

    [CommandOption("--minutes <N>"), Description("The new length (5 to 480 minutes; default: unchanged)")]
    public int? Minutes { get; set; }

    public override ValidationResult Validate() =>
        TimeOption.Error("--start", Start) is { } error ? ValidationResult.Error(error)
        : Minutes is <= 0 ? ValidationResult.Error("--minutes must be a positive number")
        : ValidationResult.Success();
}
