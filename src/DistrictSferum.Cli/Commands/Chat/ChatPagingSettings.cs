using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class ChatPagingSettings : PagingSettings
{
    [CommandArgument(0, "<CHAT_ID>"), Description("The chat's id")]
    public string ChatId { get; set; } = "";
}
