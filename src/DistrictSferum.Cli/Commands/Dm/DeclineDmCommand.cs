using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

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
