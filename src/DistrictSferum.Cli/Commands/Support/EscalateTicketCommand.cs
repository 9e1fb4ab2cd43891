using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class EscalateSettings : TicketRefSettings
{
    [CommandOption("--note <TEXT>"), Description("What the school tried")]
    public string Note { get; set; } = "";
}

[CliCommand("support escalate", "Pass a request the school cannot solve to the district operators (administrators)")]
[CliExample("support", "escalate", "TICKET_ID", "--note", "\"Looks like the SMS gateway\"")]
internal sealed class EscalateTicketCommand(CliEnvironment environment) : SferumCommand<EscalateSettings>(environment)
{
    protected override async Task<int> RunAsync(EscalateSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new SupportService.SupportServiceClient(connection.Invoker).EscalateTicketAsync(
            new EscalateTicketRequest { TicketId = settings.TicketId, Note = settings.Note }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"Ticket {response.Ticket.TicketId} is with the district operators.");
        return ExitCodes.Ok;
    }
}
