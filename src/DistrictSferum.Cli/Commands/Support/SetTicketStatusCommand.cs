using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class TicketStatusSettings : TicketRefSettings
{
    [CommandArgument(1, "<STATUS>"), Description("open, waiting, answered or closed")]
    public string Status { get; set; } = "";

    public TicketStatus Parsed => Status switch
    {
        "open" => TicketStatus.Open,
        "waiting" => TicketStatus.WaitingForMember,
        "answered" => TicketStatus.Answered,
        "closed" => TicketStatus.Closed,
        _ => TicketStatus.Unspecified,
    };

    public override ValidationResult Validate() =>
        Parsed == TicketStatus.Unspecified ? ValidationResult.Error("STATUS must be open, waiting, answered or closed") : ValidationResult.Success();
}

[CliCommand("support status", "Set a ticket's status (staff; the requester may close their own)")]
[CliExample("support", "status", "TICKET_ID", "closed")]
internal sealed class SetTicketStatusCommand(CliEnvironment environment) : SferumCommand<TicketStatusSettings>(environment)
{
    protected override async Task<int> RunAsync(TicketStatusSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new SupportService.SupportServiceClient(connection.Invoker).SetTicketStatusAsync(
            new SetTicketStatusRequest { TicketId = settings.TicketId, Status = settings.Parsed }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"Ticket {response.Ticket.TicketId} is {SupportView.Status(response.Ticket.Status)}.");
        return ExitCodes.Ok;
    }
}
