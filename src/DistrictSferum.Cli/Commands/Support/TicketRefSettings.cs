using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal class TicketRefSettings : GlobalSettings
{
    [CommandArgument(0, "<TICKET_ID>"), Description("The ticket's id (see `support list`)")]
    public string TicketId { get; set; } = "";
}
