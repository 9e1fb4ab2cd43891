using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class OpenTicketSettings : SchoolIdSettings
{
    [CommandOption("--category <CATEGORY>"), Description("sign-in, registration, classes, chats or other (default other)")]
    public string Category { get; set; } = "other";

    [CommandOption("--subject <TEXT>", isRequired: true), Description("A short subject")]
    public string Subject { get; set; } = "";

    [CommandOption("--text <TEXT>", isRequired: true), Description("What happened and what you need")]
    public string Text { get; set; } = "";

    [CommandOption("--attach <PATH_OR_FILE_ID>"), Description("Attach a file (a screenshot, say): a local path is uploaded to the school first; repeat for each (at most 5)")]
    public string[]? Attach { get; set; }

    public SupportCategory? Parsed => Category switch
    {
        "sign-in" => SupportCategory.SignIn,
        "registration" => SupportCategory.Registration,
        "classes" => SupportCategory.Classes,
        "chats" => SupportCategory.Chats,
        "other" => SupportCategory.Other,
        _ => null,
    };

    public override ValidationResult Validate() =>
        Parsed is null ? ValidationResult.Error("--category must be sign-in, registration, classes, chats or other") : ValidationResult.Success();
}

[CliCommand("support open", "Ask your school's administrators for help in a support ticket (REG-5)")]
[CliExample("support", "open", "SCHOOL_ID", "--category", "sign-in", "--subject", "\"No code\"", "--text", "\"The code does not arrive\"")]
[CliExample("support", "open", "SCHOOL_ID", "--category", "chats", "--subject", "\"Error\"", "--text", "\"See the screenshot\"", "--attach", "screen.png")]
internal sealed class OpenTicketCommand(CliEnvironment environment) : SferumCommand<OpenTicketSettings>(environment)
{
    protected override async Task<int> RunAsync(OpenTicketSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var attachments = await FileClient.AttachmentsAsync(connection, settings.SchoolId, settings.Attach, output, CancellationToken);
        var response = await new SupportService.SupportServiceClient(connection.Invoker).OpenTicketAsync(new OpenTicketRequest
        {
            SchoolId = settings.SchoolId,
            Category = settings.Parsed!.Value,
            Subject = settings.Subject,
            Text = settings.Text,
            AttachmentIds = { attachments },
        }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"Ticket {response.Ticket.TicketId} is open; the school's administrators will answer.");
        return ExitCodes.Ok;
    }
}

internal sealed class SuggestSettings : SchoolIdSettings
{
    [CommandOption("--subject <TEXT>", isRequired: true), Description("A short subject")]
    public string Subject { get; set; } = "";

    [CommandOption("--text <TEXT>", isRequired: true), Description("The suggestion")]
    public string Text { get; set; } = "";
}

[CliCommand("support suggest", "Send the district a suggestion for the platform, from a school you belong to")]
[CliExample("support", "suggest", "SCHOOL_ID", "--subject", "\"Dark theme\"", "--text", "\"Please add a dark theme\"")]
internal sealed class SuggestCommand(CliEnvironment environment) : SferumCommand<SuggestSettings>(environment)
{
    protected override async Task<int> RunAsync(SuggestSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new SupportService.SupportServiceClient(connection.Invoker).SendSuggestionAsync(new SendSuggestionRequest
        {
            SchoolId = settings.SchoolId,
            Subject = settings.Subject,
            Text = settings.Text,
        }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"Suggestion {response.Ticket.TicketId} is with the district operators.");
        return ExitCodes.Ok;
    }
}

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

internal class TicketRefSettings : GlobalSettings
{
    [CommandArgument(0, "<TICKET_ID>"), Description("The ticket's id (see `support list`)")]
    public string TicketId { get; set; } = "";
}

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
