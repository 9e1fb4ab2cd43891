using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

/// <summary>A message and the rule clause a moderator cites about it: <c>CHAT_ID SEQ --clause N</c>.</summary>
internal sealed class ModeratedMessageSettings : MessageRefSettings
{
    [CommandOption("--clause <N>", isRequired: true), Description("The chat's rule clause cited, numbered from 1 (see `chat show`)")]
    public int Clause { get; set; }

    public override ValidationResult Validate() =>
        Clause <= 0 ? ValidationResult.Error("--clause must be a clause number of the chat's rules (1, 2...)") : base.Validate();
}
