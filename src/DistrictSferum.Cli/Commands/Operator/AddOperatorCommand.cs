using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class AddOperatorSettings : GlobalSettings
{
    [CommandOption("--contact <PHONE_OR_EMAIL>", isRequired: true), Description("The new operator's phone or e-mail; they sign in with it")]
    public string Contact { get; set; } = "";

    [CommandOption("--name <DISPLAY_NAME>", isRequired: true), Description("The new operator's display name")]
    public string Name { get; set; } = "";
}

[CliCommand("operator add", "Appoint another district operator (district operators)")]
[CliExample("operator", "add", "--contact", "+79991234567", "--name", "\"Pyotr Sidorov\"")]
internal sealed class AddOperatorCommand(CliEnvironment environment) : SferumCommand<AddOperatorSettings>(environment)
{
    protected override async Task<int> RunAsync(AddOperatorSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new DistrictService.DistrictServiceClient(connection.Invoker).AddOperatorAsync(
            new AddOperatorRequest { Contact = settings.Contact, DisplayName = settings.Name }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"{settings.Name} ({settings.Contact}) is a district operator; user id {response.UserId}.");
        return ExitCodes.Ok;
    }
}
