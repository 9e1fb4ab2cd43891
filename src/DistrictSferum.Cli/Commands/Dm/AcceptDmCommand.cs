using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

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
