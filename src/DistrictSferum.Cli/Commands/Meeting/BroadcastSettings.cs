using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class BroadcastSettings : PlanSettings
{
    [CommandOption("--stream-url <URL>"), Description("Viewers get this stream URL instead of a conference room")]
    public string? StreamUrl { get; set; }

    [CommandOption("--questions-chat <CHAT_ID>"), Description("A chat of the school for viewers' questions")]
    public string? QuestionsChatId { get; set; }

    public override ValidationResult Validate() =>
        Staff && ClassId is not null ? ValidationResult.Error("--staff and --class exclude each other (the default is the whole school)") : base.Validate();
}
