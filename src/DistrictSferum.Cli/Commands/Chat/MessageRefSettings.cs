using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal class MessageRefSettings : ChatIdSettings
{
    [CommandArgument(1, "<SEQ>"), Description("The message's sequence number (see `chat history`)")]
    public long Seq { get; set; }

    public override ValidationResult Validate() =>
        Seq <= 0 ? ValidationResult.Error("SEQ must be a message's sequence number") : ValidationResult.Success();
}
