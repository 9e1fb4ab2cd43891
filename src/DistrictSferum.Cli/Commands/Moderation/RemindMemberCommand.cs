using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("mod remind", "Remind a message's author of a rule clause: that records a violation they see (ETH-5)")]
[CliExample("mod", "remind", "CHAT_ID", "17", "--clause", "2")]
internal sealed class RemindMemberCommand(CliEnvironment environment) : SferumCommand<ModeratedMessageSettings>(environment)
{
    protected override async Task<int> RunAsync(ModeratedMessageSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var violation = (await new ModerationService.ModerationServiceClient(connection.Invoker).RemindMemberAsync(
            new RemindMemberRequest { ChatId = settings.ChatId, Seq = settings.Seq, Clause = settings.Clause }, await connection.AuthorizedAsync())).Violation;
        if (output.Json)
        {
            output.WriteJson(violation);
            return ExitCodes.Ok;
        }

        output.Line($"Reminded {violation.MemberId} of clause {ModerationText.Clause(violation)} about #{violation.MessageSeq}.");
        output.Line($"Violation {violation.ViolationId} recorded; they see it with `sferumctl mod my {violation.ChatId}` (ETH-5).");
        return ExitCodes.Ok;
    }
}
