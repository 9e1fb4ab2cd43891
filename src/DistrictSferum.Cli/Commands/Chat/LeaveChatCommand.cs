using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("chat leave", "Leave a chat")]
internal sealed class LeaveChatCommand(CliEnvironment environment) : SferumCommand<ChatIdSettings>(environment)
{
    protected override async Task<int> RunAsync(ChatIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        await new ChatService.ChatServiceClient(connection.Invoker).LeaveChatAsync(new LeaveChatRequest { ChatId = settings.ChatId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(new { settings.ChatId, left = true });
        else output.Line($"You left chat {settings.ChatId}.");
        return ExitCodes.Ok;
    }
}
