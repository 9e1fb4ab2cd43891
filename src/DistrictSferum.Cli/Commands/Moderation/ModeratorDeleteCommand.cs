using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("mod delete", "Delete a message citing a rule clause; members see it deleted by a moderator, its text is kept as evidence for the school's supervisors (ETH-2)")]
[CliExample("mod", "delete", "CHAT_ID", "17", "--clause", "2")]
internal sealed class ModeratorDeleteCommand(CliEnvironment environment) : SferumCommand<ModeratedMessageSettings>(environment)
{
    protected override async Task<int> RunAsync(ModeratedMessageSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var ack = await new ModerationService.ModerationServiceClient(connection.Invoker).DeleteMessageAsModeratorAsync(
            new DeleteMessageAsModeratorRequest { ChatId = settings.ChatId, Seq = settings.Seq, Clause = settings.Clause }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(ack);
            return ExitCodes.Ok;
        }

        var clause = await ModerationText.ClauseAsync(connection, settings.ChatId, settings.Clause);
        output.Line($"Deleted #{settings.Seq} under clause {clause} (change #{ack.Seq}). Members see it deleted by a moderator;");
        output.Line("its text is kept as evidence for the school's supervisors (`sferumctl audit query SCHOOL_ID --chat CHAT_ID`; ETH-2, ORG-16).");
        return ExitCodes.Ok;
    }
}
