using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("chat delete", "Delete your message")]
internal sealed class DeleteMessageCommand(CliEnvironment environment) : SferumCommand<MessageRefSettings>(environment)
{
    protected override async Task<int> RunAsync(MessageRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var ack = await new ChatService.ChatServiceClient(connection.Invoker).DeleteMessageAsync(
            new DeleteMessageRequest { ChatId = settings.ChatId, Seq = settings.Seq }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(ack);
        else output.Line($"Deleted #{settings.Seq} (change #{ack.Seq}).");
        return ExitCodes.Ok;
    }
}
