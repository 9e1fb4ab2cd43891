using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class CreateChatLinkSettings : ChatIdSettings
{
    [CommandOption("--request-id <ID>"), Description(RequestIdOption.Description)]
    public string? RequestId { get; set; }

    [CommandOption("--days <N>"), Description("The link works for N days (default 7, at most 30)")]
    public int? Days { get; set; }

    public override ValidationResult Validate() =>
        Days is <= 0 ? ValidationResult.Error("--days must be a positive number") : ValidationResult.Success();
}

[CliCommand("chat link", "Create a link people the chat admits join by; prints its token, shown only once (moderators; CHAT-3)")]
[CliExample("chat", "link", "CHAT_ID", "--days", "3")]
internal sealed class CreateChatLinkCommand(CliEnvironment environment) : SferumCommand<CreateChatLinkSettings>(environment)
{
    protected override async Task<int> RunAsync(CreateChatLinkSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new CreateChatLinkRequest { ChatId = settings.ChatId, ClientRequestId = settings.RequestId ?? "" };
        if (settings.Days is { } days) request.Lifetime = Duration.FromTimeSpan(TimeSpan.FromDays(days));
        var created = await new ChatService.ChatServiceClient(connection.Invoker).CreateChatLinkAsync(request, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(created);
            return ExitCodes.Ok;
        }

        output.Write(new Panel(new Text(created.Token, new Style(decoration: Decoration.Bold)))
            .Header("Chat link token").Border(BoxBorder.Double).Padding(2, 1));
        output.Line($"This token is shown only once and works for {settings.Days ?? 7} day(s). Send it to those the chat admits; they read the rules with");
        output.Line($"  sferumctl chat show --link {created.Token}");
        output.Line("and join, accepting them, with");
        output.Line($"  sferumctl chat join --link {created.Token}");
        return ExitCodes.Ok;
    }
}
