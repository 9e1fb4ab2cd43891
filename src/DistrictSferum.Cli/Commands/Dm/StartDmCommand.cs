using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class StartDmSettings : SchoolIdSettings
{
    [CommandArgument(1, "<USER_ID>"), Description("The member you write to (see `member list`)")]
    public string UserId { get; set; } = "";

    [CommandArgument(2, "<TEXT>"), Description("Your first message: it reaches them as a request they accept or decline")]
    public string Text { get; set; } = "";
}

[CliCommand("dm start", "Write to a member personally; the first message is a request they accept or decline (CHAT-10, ETH-3)")]
[CliExample("dm", "start", "SCHOOL_ID", "USER_ID", "\"Добрый день! Можно вопрос о домашнем задании?\"")]
internal sealed class StartDmCommand(CliEnvironment environment) : SferumCommand<StartDmSettings>(environment)
{
    protected override async Task<int> RunAsync(StartDmSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var chat = (await new PersonalMessageService.PersonalMessageServiceClient(connection.Invoker).StartConversationAsync(new StartConversationRequest
        {
            SchoolId = settings.SchoolId,
            UserId = settings.UserId,
            ClientKey = Guid.NewGuid().ToString("N"),
            Body = CommandLine.Restore(settings.Text),
        }, await connection.AuthorizedAsync())).Chat;
        if (output.Json) output.WriteJson(chat);
        else output.Line($"Request sent: conversation {chat.ChatId}. You can write more once they accept (`chat send {chat.ChatId} ...`).");
        return ExitCodes.Ok;
    }
}
