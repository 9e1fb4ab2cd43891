using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class AcceptChatRulesSettings : ChatIdSettings
{
    [CommandArgument(1, "<VERSION>"), Description("The rules version you read with `chat show` and accept")]
    public int Version { get; set; }

    public override ValidationResult Validate() =>
        Version <= 0 ? ValidationResult.Error("VERSION must be a rules version (1, 2...)") : ValidationResult.Success();
}

[CliCommand("chat accept-rules", "Accept the chat's new rules after reading them with `chat show` (ETH-4)")]
[CliExample("chat", "accept-rules", "CHAT_ID", "2")]
internal sealed class AcceptChatRulesCommand(CliEnvironment environment) : SferumCommand<AcceptChatRulesSettings>(environment)
{
    protected override async Task<int> RunAsync(AcceptChatRulesSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var chat = (await new ChatService.ChatServiceClient(connection.Invoker).AcceptRulesAsync(
            new AcceptRulesRequest { ChatId = settings.ChatId, Version = settings.Version }, await connection.AuthorizedAsync())).Chat;
        if (output.Json) output.WriteJson(chat);
        else output.Line($"You accepted the rules of \"{chat.Title}\" ({chat.ChatId}), version {settings.Version}.");
        return ExitCodes.Ok;
    }
}
