using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

/// <summary>Time and audience options shared by meetings and broadcasts.</summary>
internal class PlanSettings : SchoolIdSettings
{
    [CommandOption("--request-id <ID>"), Description(RequestIdOption.Description)]
    public string? RequestId { get; set; }

    [CommandOption("--title <TEXT>", isRequired: true), Description("The title members see")]
    public string Title { get; set; } = "";

    [CommandOption("--agenda <TEXT>"), Description("The agenda")]
    public string? Agenda { get; set; }

    [CommandOption("--start <TIME>", isRequired: true), Description("When it starts: " + TimeOption.Expected)]
    public string Start { get; set; } = "";

    [CommandOption("--minutes <N>"), Description("How long it lasts (5 to 480 minutes; default 45)")]
    public int Minutes { get; set; } = 45;

    [CommandOption("--staff"), Description("For the school's staff")]
    public bool Staff { get; set; }

    [CommandOption("--class <CLASS_ID>"), Description("For a class (with --students and/or --parents)")]
    public string? ClassId { get; set; }

    [CommandOption("--students"), Description("With --class: the class's students")]
    public bool Students { get; set; }

    [CommandOption("--parents"), Description("With --class: the class's parents")]
    public bool Parents { get; set; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Title) ? ValidationResult.Error("--title must not be empty")
        : TimeOption.Error("--start", Start) is { } error ? ValidationResult.Error(error)
        : Minutes <= 0 ? ValidationResult.Error("--minutes must be a positive number")
        : ClassId is null && (Students || Parents) ? ValidationResult.Error("--students and --parents go with --class CLASS_ID")
        : ClassId is not null && !Students && !Parents ? ValidationResult.Error("with --class choose --students, --parents or both")
        : ValidationResult.Success();
}
