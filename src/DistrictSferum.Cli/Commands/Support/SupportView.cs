using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;

namespace DistrictSferum.Cli.Commands;

/// <summary>How sferumctl shows support tickets: a row each in lists, a ticket with its thread alone.</summary>
internal static class SupportView
{
    public static string Status(TicketStatus status) => status switch
    {
        TicketStatus.Open => "open",
        TicketStatus.WaitingForMember => "waiting for member",
        TicketStatus.Answered => "answered",
        TicketStatus.Closed => "closed",
        _ => "?",
    };

    public static Table List(IEnumerable<Ticket> tickets)
    {
        var table = CliOutput.NewTable("Ticket", "Kind", "Category", "Subject", "From", "Status", "Escalated", "Updated");
        foreach (var t in tickets)
            table.AddTextRow(t.TicketId, t.Kind == TicketKind.Suggestion ? "suggestion" : "request", Category(t.Category), t.Subject,
                t.RequesterName, Status(t.Status), t.Escalated ? "yes" : "", CliOutput.Time(t.UpdatedAt));
        return table;
    }

    public static void Write(CliOutput output, Ticket ticket, IEnumerable<TicketMessage> messages, Google.Protobuf.IMessage response)
    {
        if (output.Json)
        {
            output.WriteJson(response);
            return;
        }

        output.Write(CliOutput.KeyValues([
            ("Ticket", ticket.TicketId), ("Subject", ticket.Subject), ("Category", Category(ticket.Category)),
            ("From", ticket.RequesterName), ("Status", Status(ticket.Status)), ("Escalated", ticket.Escalated ? "yes, to the district" : "no"),
            ("Opened", CliOutput.Time(ticket.CreatedAt)),
        ]));
        foreach (var m in messages)
            output.Line($"#{m.Seq} {CliOutput.Time(m.At)} {m.AuthorName} ({Side(m.Side)}): {m.Body}" +
                (m.AttachmentIds.Count > 0 ? $" [files: {string.Join(", ", m.AttachmentIds)}]" : ""));
    }

    public static string Category(SupportCategory category) => category switch
    {
        SupportCategory.SignIn => "sign-in",
        SupportCategory.Registration => "registration",
        SupportCategory.Classes => "classes",
        SupportCategory.Chats => "chats",
        _ => "other",
    };

    private static string Side(TicketSide side) => side switch
    {
        TicketSide.School => "school",
        TicketSide.District => "district",
        _ => "member",
    };
}
