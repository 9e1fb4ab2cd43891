using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class SetChatRulesSettings : ChatIdSettings
{
    [CommandOption("--rule <CLAUSE>"), Description("A clause of the new rules; repeat for each, in order (at least one)")]
    public string[]? Rules { get; set; }

    public override ValidationResult Validate() => RuleClauses.Validate(Rules);
}

[CliCommand("chat set-rules", "Publish new rules: a new version every member accepts again (moderators; ETH-4)")]
[CliExample("chat", "set-rules", "CHAT_ID", "--rule", "\"Be polite.\"", "--rule", "\"No advertising.\"")]
internal sealed class SetChatRulesCommand(CliEnvironment environment) : SferumCommand<SetChatRulesSettings>(environment)
{
    protected override async Task<int> RunAsync(SetChatRulesSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var chat = (await new ChatService.ChatServiceClient(connection.Invoker).SetRulesAsync(
            new SetRulesRequest { ChatId = settings.ChatId, Clauses = { RuleClauses.Of(settings.Rules) } }, await connection.AuthorizedAsync())).Chat;
        await ChatView.WriteAsync(output, connection, chat);
        if (!output.Json) output.Line($"Every member accepts version {chat.Rules?.Version} before posting again (ETH-4).");
        return ExitCodes.Ok;
    }
}
