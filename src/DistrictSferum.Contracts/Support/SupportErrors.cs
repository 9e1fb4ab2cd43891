namespace DistrictSferum.Contracts.Support;

/// <summary>
/// The error codes (google.rpc.ErrorInfo reasons) of the support desk: stable, clients switch on them.
/// The catalogue of every code with its status and rules is generated into protos/ERRORS.md by a test.
/// </summary>
public static class SupportErrors
{
    public const string TicketNotFound = "TICKET_NOT_FOUND";
    public const string TicketClosed = "TICKET_CLOSED";
    public const string TicketAlreadyEscalated = "TICKET_ALREADY_ESCALATED";
    public const string NotSupportStaff = "NOT_SUPPORT_STAFF";
}
