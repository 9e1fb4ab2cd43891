using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

/// <summary>A chat named by its id or by a link token (<c>--link</c>), for seeing it before joining and for joining.</summary>
internal class ChatOrLinkSettings : GlobalSettings
{
    [CommandArgument(0, "[CHAT_ID]"), Description("The chat's id (for a chat you are in or invited to, or a channel of your school)")]
    public string? ChatId { get; set; }

    [CommandOption("--link <TOKEN>"), Description("A chat link token you were sent, instead of CHAT_ID")]
    public string? Link { get; set; }

    public string Id => ChatId is null ? "" : CommandLine.Restore(ChatId).Trim();

    public string LinkToken => Link is null ? "" : CommandLine.Restore(Link).Trim();

    /// <summary>How to name the same chat in another command: <c>CHAT_ID</c> or <c>--link TOKEN</c>.</summary>
    public string CommandRef => Link is null ? Id : $"--link {LinkToken}";

    public override ValidationResult Validate() =>
        (ChatId is null) == (Link is null) ? ValidationResult.Error("give either CHAT_ID or --link TOKEN") : ValidationResult.Success();
}
