using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class CancelMeetingSettings : MeetingIdSettings
{
    [CommandOption("--occurrence <TIME>"), Description("Only this week's occurrence of a weekly series (its start time)")]
    public string? Occurrence { get; set; }

    public override ValidationResult Validate() =>
        TimeOption.Error("--occurrence", Occurrence) is { } error ? ValidationResult.Error(error) : ValidationResult.Success();
}
