using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

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
