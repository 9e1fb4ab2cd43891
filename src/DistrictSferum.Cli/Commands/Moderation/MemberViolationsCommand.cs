using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;

namespace DistrictSferum.Cli.Commands;

[CliCommand("mod violations", "A member's violations, with the evidence and the block that cited each, and their block if any (moderators)")]
[CliExample("mod", "violations", "CHAT_ID", "USER_ID")]
internal sealed class MemberViolationsCommand(CliEnvironment environment) : SferumCommand<ChatMemberSettings>(environment)
{
    protected override async Task<int> RunAsync(ChatMemberSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var sanctions = (await new ModerationService.ModerationServiceClient(connection.Invoker).GetMemberSanctionsAsync(
            new GetMemberSanctionsRequest { ChatId = settings.ChatId, UserId = settings.UserId }, await connection.AuthorizedAsync())).Sanctions;
        if (output.Json)
        {
            output.WriteJson(sanctions);
            return ExitCodes.Ok;
        }

        output.Write(SanctionsView.Violations(sanctions, await PeopleNames.OfChatsAsync(connection, output, [settings.ChatId])));
        var citable = sanctions.Violations.Where(v => v.CitedByBlockId.Length == 0).ToList();
        output.Line($"{sanctions.Violations.Count} violation(s) of {settings.UserId}, {citable.Count} not cited by a block.");
        if (sanctions.ActiveBlock is { } block)
        {
            output.Line("Blocked:");
            output.Write(SanctionsView.Block(block, await PeopleNames.OfChatsAsync(connection, output, [settings.ChatId])));
        }
        else
        {
            output.Line("Not blocked.");
            if (citable.Count > ModerationText.BlockThreshold)
                output.Line($"A block may cite them: sferumctl mod block {settings.ChatId} {settings.UserId} " +
                    string.Join(' ', citable.Select(v => $"--violation {v.ViolationId}")) + " --days N (at most a month; ETH-6)");
        }

        return ExitCodes.Ok;
    }
}
