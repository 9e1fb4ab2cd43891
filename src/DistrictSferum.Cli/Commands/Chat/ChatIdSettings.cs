using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal class ChatIdSettings : GlobalSettings
{
    [CommandArgument(0, "<CHAT_ID>"), Description("The chat's id (see `chat mine` or `chat list`)")]
    public string ChatId { get; set; } = "";
}
