using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class InviteToChatSettings : ChatIdSettings
{
    [CommandArgument(1, "<USER_ID>"), Description("The invitee's user id (a member of the school)")]
    public string UserId { get; set; } = "";
}

[CliCommand("chat invite", "Invite a member of the school; they join only by their own act (ETH-3)")]
[CliExample("chat", "invite", "CHAT_ID", "USER_ID")]
internal sealed class InviteToChatCommand(CliEnvironment environment) : SferumCommand<InviteToChatSettings>(environment)
{
    protected override async Task<int> RunAsync(InviteToChatSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        await new ChatService.ChatServiceClient(connection.Invoker).InviteToChatAsync(
            new InviteToChatRequest { ChatId = settings.ChatId, UserId = settings.UserId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(new { settings.ChatId, settings.UserId, invited = true });
        else output.Line($"Invited {settings.UserId} to chat {settings.ChatId}: they become a member only if they join themselves, accepting its rules (ETH-3).");
        return ExitCodes.Ok;
    }
}
