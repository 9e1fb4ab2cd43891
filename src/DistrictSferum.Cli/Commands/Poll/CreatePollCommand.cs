using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class CreatePollSettings : ChatIdSettings
{
    [CommandOption("--request-id <ID>"), Description(RequestIdOption.Description)]
    public string? RequestId { get; set; }

    [CommandArgument(1, "<QUESTION>"), Description("The question (quote it)")]
    public string Question { get; set; } = "";

    [CommandOption("--option <TEXT>"), Description("An answer to choose; repeat for each (2 to 10)")]
    public string[]? Options { get; set; }

    [CommandOption("--multiple"), Description("Members may choose several options")]
    public bool Multiple { get; set; }

    [CommandOption("--anonymous"), Description("Nobody sees who chose what, only the counts")]
    public bool Anonymous { get; set; }

    [CommandOption("--closes <TIME>"), Description("When the poll closes by itself: " + TimeOption.Expected)]
    public string? Closes { get; set; }

    public override ValidationResult Validate() =>
        (Options?.Length ?? 0) < 2 ? ValidationResult.Error("give at least two --option")
        : TimeOption.Error("--closes", Closes) is { } error ? ValidationResult.Error(error)
        : ValidationResult.Success();
}

[CliCommand("poll create", "Open a poll in a chat (moderators and verified teachers; CHAT-8)")]
[CliExample("poll", "create", "CHAT_ID", "\"Who comes on Thursday?\"", "--option", "Yes", "--option", "No")]
[CliExample("poll", "create", "CHAT_ID", "\"Which days suit you?\"", "--option", "Mon", "--option", "Wed", "--option", "Fri", "--multiple", "--anonymous", "--closes", "2026-12-01T18:00+03:00")]
internal sealed class CreatePollCommand(CliEnvironment environment) : SferumCommand<CreatePollSettings>(environment)
{
    protected override async Task<int> RunAsync(CreatePollSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new CreatePollRequest
        {
            ChatId = settings.ChatId,
            Question = CommandLine.Restore(settings.Question),
            Options = { settings.Options!.Select(CommandLine.Restore) },
            MultipleChoice = settings.Multiple,
            Anonymous = settings.Anonymous,
            ClosesAt = TimeOption.ToTimestamp(settings.Closes),
            ClientRequestId = settings.RequestId ?? "",
        };
        var poll = (await new PollService.PollServiceClient(connection.Invoker).CreatePollAsync(request, await connection.AuthorizedAsync())).Poll;
        PollView.Show(output, poll, "opened");
        return ExitCodes.Ok;
    }
}
