using System.ComponentModel;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

/// <summary>A member of a chat: <c>CHAT_ID USER_ID</c>.</summary>
internal class ChatMemberSettings : ChatIdSettings
{
    [CommandArgument(1, "<USER_ID>"), Description("The member's user id (see `chat members`)")]
    public string UserId { get; set; } = "";
}
