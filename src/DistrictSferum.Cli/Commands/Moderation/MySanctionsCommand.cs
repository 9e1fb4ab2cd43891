using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("mod my", "Your own violations in a chat with the rule and the evidence, and your block: until when, who decided, your apology and the objection deadline")]
[CliExample("mod", "my", "CHAT_ID")]
internal sealed class MySanctionsCommand(CliEnvironment environment) : SferumCommand<ChatIdSettings>(environment)
{
    protected override async Task<int> RunAsync(ChatIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var sanctions = (await new ModerationService.ModerationServiceClient(connection.Invoker).GetMySanctionsAsync(
            new GetMySanctionsRequest { ChatId = settings.ChatId }, await connection.AuthorizedAsync())).Sanctions;
        if (output.Json)
        {
            output.WriteJson(sanctions);
            return ExitCodes.Ok;
        }

        if (sanctions.Violations.Count == 0 && sanctions.ActiveBlock is null)
        {
            output.Line($"You have no recorded violations in chat {settings.ChatId} and are not blocked.");
            return ExitCodes.Ok;
        }

        // Due process (ETH-5): each violation with the rule clause broken and the message it was about.
        output.Line($"Your violations in chat {settings.ChatId}, each recorded by a moderator's reminder of a rule clause (ETH-5):");
        output.Write(SanctionsView.Violations(sanctions, await PeopleNames.OfChatsAsync(connection, output, [settings.ChatId])));
        output.Line($"{sanctions.Violations.Count} violation(s).");
        if (sanctions.ActiveBlock is not { } block)
        {
            output.Line("You are not blocked.");
            return ExitCodes.Ok;
        }

        output.Line("You are blocked (ETH-6):");
        output.Write(SanctionsView.Block(block, await PeopleNames.OfChatsAsync(connection, output, [settings.ChatId])));
        if (block.ApologySeq == 0)
            output.Line($"You read the chat but post nothing except one apology: sferumctl chat send {settings.ChatId} \"TEXT\" --apology (ETH-7).");
        else if (block.ObjectorIds.Count > 0)
            output.Line($"A member objected to ending your block early: it runs until {CliOutput.Time(block.Until)} (ETH-7).");
        else
            output.Line($"Members may object until {CliOutput.Time(block.ObjectionDeadline)}; if none does, a moderator may unblock you early (ETH-7).");
        return ExitCodes.Ok;
    }
}
