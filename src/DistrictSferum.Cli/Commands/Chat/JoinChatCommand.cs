using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class JoinChatSettings : ChatOrLinkSettings
{
    [CommandOption("--accept-rules <VERSION>"), Description("Accept this version of the rules, read with `chat show`, without being asked")]
    public int? AcceptRules { get; set; }

    public override ValidationResult Validate() =>
        AcceptRules is <= 0 ? ValidationResult.Error("--accept-rules must be a rules version (1, 2...)") : base.Validate();
}

[CliCommand("chat join", "Join with a link or an invitation, accepting the rules' current version; asks first unless --accept-rules (ETH-3, ETH-4)")]
[CliExample("chat", "join", "--link", "TOKEN", "--accept-rules", "1")]
[CliExample("chat", "join", "CHAT_ID")]
internal sealed class JoinChatCommand(CliEnvironment environment) : SferumCommand<JoinChatSettings>(environment)
{
    protected override async Task<int> RunAsync(JoinChatSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new ChatService.ChatServiceClient(connection.Invoker);
        var version = settings.AcceptRules ?? await ConfirmRulesAsync(settings, output, connection, client);
        var chat = (await client.JoinChatAsync(
            new JoinChatRequest { ChatId = settings.Id, LinkToken = settings.LinkToken, AcceptedRulesVersion = version }, await connection.AuthorizedAsync())).Chat;
        if (output.Json) output.WriteJson(chat);
        else output.Line($"You joined \"{chat.Title}\" ({chat.ChatId}), accepting its rules version {version}; it has {chat.MemberCount} member(s).");
        return ExitCodes.Ok;
    }

    /// <summary>ETH-4: shows the rules and asks whether the person accepts them; returns the version accepted.</summary>
    private async Task<int> ConfirmRulesAsync(JoinChatSettings settings, CliOutput output, ServerConnection connection, ChatService.ChatServiceClient client)
    {
        var chat = (await client.GetChatAsync(new GetChatRequest { ChatId = settings.Id, LinkToken = settings.LinkToken }, await connection.AuthorizedAsync())).Chat;
        var version = chat.Rules?.Version ?? 0;
        if (!output.Json) ChatView.WriteRules(output, chat);
        var question = $"Do you accept these rules (version {version}) of \"{chat.Title}\" and join?";
        bool accepted;
        if (Environment.Prompt is { } answer) accepted = IsYes(answer($"{question} [y/N]"));
        else if (!output.Json && Environment.Console.Profile.Capabilities.Interactive)
            accepted = Environment.Console.Confirm(Markup.Escape(question), defaultValue: false);
        else
            throw new CliException($"joining \"{chat.Title}\" means accepting its rules (version {version}), and there is no terminal to ask on",
                ExitCodes.Usage, $"read them with `sferumctl chat show {settings.CommandRef}`, then run `sferumctl chat join {settings.CommandRef} --accept-rules {version}`");
        return accepted ? version : throw new CliException($"you did not accept the rules of \"{chat.Title}\": not joined", ExitCodes.Failure);
    }

    private static bool IsYes(string answer) => answer.Trim().ToLowerInvariant() is "y" or "yes" or "д" or "да";
}
