using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("mod object", "Object, within the window, to ending an apologising member's block early (any member; ETH-7)")]
[CliExample("mod", "object", "CHAT_ID", "USER_ID")]
internal sealed class ObjectToUnblockCommand(CliEnvironment environment) : SferumCommand<ChatMemberSettings>(environment)
{
    protected override async Task<int> RunAsync(ChatMemberSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var block = (await new ModerationService.ModerationServiceClient(connection.Invoker).ObjectToUnblockAsync(
            new ObjectToUnblockRequest { ChatId = settings.ChatId, UserId = settings.UserId }, await connection.AuthorizedAsync())).Block;
        if (output.Json) output.WriteJson(block);
        else output.Line($"You objected to ending {block.MemberId}'s block early: it runs until {CliOutput.Time(block.Until)} " +
            $"({block.ObjectorIds.Count} objection(s); ETH-7).");
        return ExitCodes.Ok;
    }
}
