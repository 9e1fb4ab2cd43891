using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("mod unblock", "End a block early: only after the member's apology and a whole objection window with no objection (ETH-7)")]
[CliExample("mod", "unblock", "CHAT_ID", "USER_ID")]
internal sealed class UnblockEarlyCommand(CliEnvironment environment) : SferumCommand<ChatMemberSettings>(environment)
{
    protected override async Task<int> RunAsync(ChatMemberSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var block = (await new ModerationService.ModerationServiceClient(connection.Invoker).UnblockEarlyAsync(
            new UnblockEarlyRequest { ChatId = settings.ChatId, UserId = settings.UserId }, await connection.AuthorizedAsync())).Block;
        if (output.Json) output.WriteJson(block);
        else output.Line($"Unblocked {block.MemberId} early at {CliOutput.Time(block.EndedAt)}: they apologised (#{block.ApologySeq}) " +
            $"and no member objected by {CliOutput.Time(block.ObjectionDeadline)} (ETH-7).");
        return ExitCodes.Ok;
    }
}
