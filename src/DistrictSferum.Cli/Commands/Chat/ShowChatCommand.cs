using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("chat show", "Show a chat and its numbered rules; read them before joining (ETH-4)")]
[CliExample("chat", "show", "--link", "TOKEN")]
[CliExample("chat", "show", "CHAT_ID")]
internal sealed class ShowChatCommand(CliEnvironment environment) : SferumCommand<ChatOrLinkSettings>(environment)
{
    protected override async Task<int> RunAsync(ChatOrLinkSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var chat = (await new ChatService.ChatServiceClient(connection.Invoker).GetChatAsync(
            new GetChatRequest { ChatId = settings.Id, LinkToken = settings.LinkToken }, await connection.AuthorizedAsync())).Chat;
        await ChatView.WriteAsync(output, connection, chat);
        if (!output.Json && settings.Link is not null)
            output.Line($"To join, accepting these rules: sferumctl chat join {settings.CommandRef} --accept-rules {chat.Rules?.Version ?? 0}");
        return ExitCodes.Ok;
    }
}
