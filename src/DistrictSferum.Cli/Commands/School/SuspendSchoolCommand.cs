using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class SuspendSchoolSettings : SchoolIdSettings
{
    [CommandOption("--reason <TEXT>", isRequired: true), Description("Why: shown to the school's members with every refused change")]
    public string Reason { get; set; } = "";
}

[CliCommand("school suspend", "Suspend a school: read-only, with the reason shown to its members (district operators)")]
[CliExample("school", "suspend", "SCHOOL_ID", "--reason", "\"Licence check until 15 December\"")]
internal sealed class SuspendSchoolCommand(CliEnvironment environment) : SferumCommand<SuspendSchoolSettings>(environment)
{
    protected override async Task<int> RunAsync(SuspendSchoolSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new SchoolOversightService.SchoolOversightServiceClient(connection.Invoker).SuspendSchoolAsync(
            new SuspendSchoolRequest { SchoolId = settings.SchoolId, Reason = settings.Reason }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"The school is suspended and read-only: {response.Suspension.Reason}");
        return ExitCodes.Ok;
    }
}
