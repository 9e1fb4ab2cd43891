using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class GrantAnalystSettings : GlobalSettings
{
    [CommandOption("--contact <PHONE_OR_EMAIL>", isRequired: true), Description("The analyst's phone or e-mail; they sign in with it")]
    public string Contact { get; set; } = "";

    [CommandOption("--name <DISPLAY_NAME>", isRequired: true), Description("The analyst's display name")]
    public string Name { get; set; } = "";
}

[CliCommand("analyst grant", "Let a person read the district's k-anonymous statistics (district operators; DIS-4)")]
[CliExample("analyst", "grant", "--contact", "analyst@district.example", "--name", "\"Irina Volkova\"")]
internal sealed class GrantAnalystCommand(CliEnvironment environment) : SferumCommand<GrantAnalystSettings>(environment)
{
    protected override async Task<int> RunAsync(GrantAnalystSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new StatisticsAccessService.StatisticsAccessServiceClient(connection.Invoker).GrantAnalystAsync(
            new GrantAnalystRequest { Contact = settings.Contact, DisplayName = settings.Name }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"{response.Analyst.DisplayName} is an analyst; user id {response.Analyst.UserId}.");
        return ExitCodes.Ok;
    }
}
