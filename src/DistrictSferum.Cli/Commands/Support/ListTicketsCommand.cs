using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class ListTicketsSettings : PagingSettings
{
    [CommandOption("--school <SCHOOL_ID>"), Description("A school's queue (its administrators)")]
    public string? SchoolId { get; set; }

    [CommandOption("--district"), Description("The district's queue: escalated requests and suggestions (operators)")]
    public bool District { get; set; }

    [CommandOption("--open"), Description("Only open tickets")]
    public bool OpenOnly { get; set; }

    public override ValidationResult Validate() =>
        SchoolId is not null && District ? ValidationResult.Error("--school and --district exclude each other") : base.Validate();
}

[CliCommand("support list", "List your own tickets, a school's queue (--school) or the district's (--district)")]
[CliExample("support", "list")]
[CliExample("support", "list", "--school", "SCHOOL_ID", "--open")]
[CliExample("support", "list", "--district")]
internal sealed class ListTicketsCommand(CliEnvironment environment) : SferumCommand<ListTicketsSettings>(environment)
{
    protected override async Task<int> RunAsync(ListTicketsSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new SupportService.SupportServiceClient(connection.Invoker);
        var options = await connection.AuthorizedAsync();
        var status = settings.OpenOnly ? TicketStatus.Open : TicketStatus.Unspecified;
        Google.Protobuf.IMessage response;
        IReadOnlyList<Ticket> tickets;
        if (settings.SchoolId is { } schoolId)
        {
            var r = await Pager.FetchAsync(settings, async (size, token) => await client.ListSchoolTicketsAsync(
                new ListSchoolTicketsRequest { SchoolId = schoolId, Status = status, PageSize = size, PageToken = token }, options));
            (response, tickets) = (r, r.Tickets);
        }
        else if (settings.District)
        {
            var r = await Pager.FetchAsync(settings, async (size, token) => await client.ListDistrictTicketsAsync(
                new ListDistrictTicketsRequest { Status = status, PageSize = size, PageToken = token }, options));
            (response, tickets) = (r, r.Tickets);
        }
        else
        {
            var r = await Pager.FetchAsync(settings, async (size, token) => await client.ListMyTicketsAsync(
                new ListMyTicketsRequest { PageSize = size, PageToken = token }, options));
            (response, tickets) = (r, r.Tickets.Where(t => !settings.OpenOnly || t.Status == TicketStatus.Open).ToList());
        }

        Pager.Write(output, response, tickets.Count, "tickets", () => SupportView.List(tickets));
        return ExitCodes.Ok;
    }
}
