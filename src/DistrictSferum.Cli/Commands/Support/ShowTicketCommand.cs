using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("support show", "Show a ticket with its thread")]
[CliExample("support", "show", "TICKET_ID")]
internal sealed class ShowTicketCommand(CliEnvironment environment) : SferumCommand<TicketRefSettings>(environment)
{
    protected override async Task<int> RunAsync(TicketRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new SupportService.SupportServiceClient(connection.Invoker).GetTicketAsync(
            new GetTicketRequest { TicketId = settings.TicketId }, await connection.AuthorizedAsync());
        SupportView.Write(output, response.Ticket, response.Messages, response);
        return ExitCodes.Ok;
    }
}
