using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("chat read", "Mark the chat read up to a message")]
internal sealed class MarkChatReadCommand(CliEnvironment environment) : SferumCommand<MessageRefSettings>(environment)
{
    protected override async Task<int> RunAsync(MessageRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var position = (await new ChatService.ChatServiceClient(connection.Invoker).MarkReadAsync(
            new MarkReadRequest { ChatId = settings.ChatId, Seq = settings.Seq }, await connection.AuthorizedAsync())).Position;
        if (output.Json) output.WriteJson(position);
        else output.Line($"Read up to #{position.ReadSeq} of #{position.LastSeq} in chat {position.ChatId}.");
        return ExitCodes.Ok;
    }
}
