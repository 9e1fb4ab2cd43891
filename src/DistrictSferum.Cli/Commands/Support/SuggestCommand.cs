using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class SuggestSettings : SchoolIdSettings
{
    [CommandOption("--subject <TEXT>", isRequired: true), Description("A short subject")]
    public string Subject { get; set; } = "";

    [CommandOption("--text <TEXT>", isRequired: true), Description("The suggestion")]
    public string Text { get; set; } = "";
}

[CliCommand("support suggest", "Send the district a suggestion for the platform, from a school you belong to")]
[CliExample("support", "suggest", "SCHOOL_ID", "--subject", "\"Dark theme\"", "--text", "\"Please add a dark theme\"")]
internal sealed class SuggestCommand(CliEnvironment environment) : SferumCommand<SuggestSettings>(environment)
{
    protected override async Task<int> RunAsync(SuggestSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new SupportService.SupportServiceClient(connection.Invoker).SendSuggestionAsync(new SendSuggestionRequest
        {
            SchoolId = settings.SchoolId,
            Subject = settings.Subject,
            Text = settings.Text,
        }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"Suggestion {response.Ticket.TicketId} is with the district operators.");
        return ExitCodes.Ok;
    }
}
