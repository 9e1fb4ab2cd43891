using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class AnnounceSettings : GlobalSettings
{
    [CommandOption("--subject <TEXT>", isRequired: true), Description("A short subject")]
    public string Subject { get; set; } = "";

    [CommandOption("--text <TEXT>", isRequired: true), Description("The announcement")]
    public string Text { get; set; } = "";
}

[CliCommand("school announce", "Announce to the administrators of every school: a ticket in each school's support queue (district operators)")]
[CliExample("school", "announce", "--subject", "Maintenance", "--text", "\"Saturday 22:00-23:00\"")]
internal sealed class AnnounceCommand(CliEnvironment environment) : SferumCommand<AnnounceSettings>(environment)
{
    protected override async Task<int> RunAsync(AnnounceSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new SchoolOversightService.SchoolOversightServiceClient(connection.Invoker).AnnounceToAdministratorsAsync(
            new AnnounceToAdministratorsRequest { Subject = settings.Subject, Text = settings.Text }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"Announced to the administrators of {response.Schools} schools.");
        return ExitCodes.Ok;
    }
}
