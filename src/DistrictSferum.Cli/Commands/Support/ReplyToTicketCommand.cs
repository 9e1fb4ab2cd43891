using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class ReplySettings : TicketRefSettings
{
    [CommandArgument(1, "<TEXT>"), Description("The reply")]
    public string Text { get; set; } = "";

    [CommandOption("--attach <PATH_OR_FILE_ID>"), Description("Attach a file: a local path is uploaded to the ticket's school first; repeat for each (at most 5)")]
    public string[]? Attach { get; set; }
}

[CliCommand("support reply", "Reply in a ticket's thread (its requester, the school's administrators, operators once escalated)")]
[CliExample("support", "reply", "TICKET_ID", "\"Please check the number in your profile\"")]
internal sealed class ReplyToTicketCommand(CliEnvironment environment) : SferumCommand<ReplySettings>(environment)
{
    protected override async Task<int> RunAsync(ReplySettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new SupportService.SupportServiceClient(connection.Invoker);
        var attachments = new List<string>();
        if (settings.Attach is { Length: > 0 } attach)
        {
            var schoolId = (await client.GetTicketAsync(new GetTicketRequest { TicketId = settings.TicketId }, await connection.AuthorizedAsync())).Ticket.SchoolId;
            attachments = await FileClient.AttachmentsAsync(connection, schoolId, attach, output, CancellationToken);
        }

        var response = await client.ReplyToTicketAsync(
            new ReplyToTicketRequest { TicketId = settings.TicketId, Text = settings.Text, AttachmentIds = { attachments } }, await connection.AuthorizedAsync());
        SupportView.Write(output, response.Ticket, response.Messages, response);
        return ExitCodes.Ok;
    }
}
