using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class StartDmSettings : SchoolIdSettings
{
    [CommandArgument(1, "<USER_ID>"), Description("The member you write to (see `member list`)")]
    public string UserId { get; set; } = "";

    [CommandArgument(2, "<TEXT>"), Description("Your first message: it reaches them as a request they accept or decline")]
    public string Text { get; set; } = "";
}

[CliCommand("dm start", "Write to a member personally; the first message is a request they accept or decline (CHAT-10, ETH-3)")]
[CliExample("dm", "start", "SCHOOL_ID", "USER_ID", "\"Добрый день! Можно вопрос о домашнем задании?\"")]
internal sealed class StartDmCommand(CliEnvironment environment) : SferumCommand<StartDmSettings>(environment)
{
    protected override async Task<int> RunAsync(StartDmSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var chat = (await new PersonalMessageService.PersonalMessageServiceClient(connection.Invoker).StartConversationAsync(new StartConversationRequest
        {
            SchoolId = settings.SchoolId,
            UserId = settings.UserId,
            ClientKey = Guid.NewGuid().ToString("N"),
            Body = CommandLine.Restore(settings.Text),
        }, await connection.AuthorizedAsync())).Chat;
        if (output.Json) output.WriteJson(chat);
        else output.Line($"Request sent: conversation {chat.ChatId}. You can write more once they accept (`chat send {chat.ChatId} ...`).");
        return ExitCodes.Ok;
    }
}

[CliCommand("dm accept", "Accept a personal request (see `chat invitations`); both of you can then write (CHAT-10)")]
[CliExample("dm", "accept", "CHAT_ID")]
internal sealed class AcceptDmCommand(CliEnvironment environment) : SferumCommand<ChatIdSettings>(environment)
{
    protected override async Task<int> RunAsync(ChatIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var chat = (await new PersonalMessageService.PersonalMessageServiceClient(connection.Invoker).AcceptConversationAsync(
            new AcceptConversationRequest { ChatId = settings.ChatId }, await connection.AuthorizedAsync())).Chat;
        if (output.Json) output.WriteJson(chat);
        else output.Line($"Accepted: `chat history {chat.ChatId}` shows the conversation, `chat send {chat.ChatId} ...` answers.");
        return ExitCodes.Ok;
    }
}

[CliCommand("dm decline", "Decline a personal request; its sender cannot write to you again (CHAT-10, ETH-3)")]
[CliExample("dm", "decline", "CHAT_ID")]
internal sealed class DeclineDmCommand(CliEnvironment environment) : SferumCommand<ChatIdSettings>(environment)
{
    protected override async Task<int> RunAsync(ChatIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        await new PersonalMessageService.PersonalMessageServiceClient(connection.Invoker).DeclineConversationAsync(
            new DeclineConversationRequest { ChatId = settings.ChatId }, await connection.AuthorizedAsync());
        output.Line("Declined: the sender cannot write to you again.");
        return ExitCodes.Ok;
    }
}

[CliCommand("dm block", "Block the other member of a personal conversation: they cannot write to you again (CHAT-10)")]
[CliExample("dm", "block", "CHAT_ID")]
internal sealed class BlockDmCommand(CliEnvironment environment) : SferumCommand<ChatIdSettings>(environment)
{
    protected override async Task<int> RunAsync(ChatIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        await new PersonalMessageService.PersonalMessageServiceClient(connection.Invoker).BlockInConversationAsync(
            new BlockInConversationRequest { ChatId = settings.ChatId }, await connection.AuthorizedAsync());
        output.Line("Blocked: they cannot write to you again; report their messages with `mod report` if needed.");
        return ExitCodes.Ok;
    }
}
