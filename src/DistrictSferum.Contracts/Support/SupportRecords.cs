namespace DistrictSferum.Contracts.Support;

/// <summary>What a member asks about (REG-5).</summary>
[GenerateSerializer, Alias("ds.SupportCategory")]
public enum SupportCategory
{
    SignIn = 1,
    Registration = 2,
    Classes = 3,
    Chats = 4,
    Other = 5,
}

[GenerateSerializer, Alias("ds.SupportStatus")]
public enum SupportStatus
{
    Open = 1,
    WaitingForMember = 2,
    Answered = 3,
    Closed = 4,
}

/// <summary>A request to the school (escalated to the district if need be), or a suggestion for the platform (district queue).</summary>
[GenerateSerializer, Alias("ds.TicketKind")]
public enum TicketKind
{
    Request = 1,
    Suggestion = 2,
    /// <summary>A district-wide announcement to the administrators of every school, one ticket in each school's queue.</summary>
    Announcement = 3,
}

/// <summary>Who wrote a line of a ticket's thread.</summary>
[GenerateSerializer, Alias("ds.SupportSide")]
public enum SupportSide
{
    Member = 1,
    School = 2,
    District = 3,
}

/// <summary>
/// A support ticket as its requester and the staff who handle it see it. <see cref="Version"/> grows with every
/// change, so a watcher keeps the newest of two copies.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.TicketView")]
public sealed record TicketView(
    [property: Id(0)] string TicketId,
    [property: Id(1)] string SchoolId,
    [property: Id(2)] string RequesterId,
    [property: Id(3)] string RequesterName,
    [property: Id(4)] TicketKind Kind,
    [property: Id(5)] SupportCategory Category,
    [property: Id(6)] string Subject,
    [property: Id(7)] SupportStatus Status,
    [property: Id(8)] bool Escalated,
    [property: Id(9)] int Version,
    [property: Id(10)] int Messages,
    [property: Id(11)] DateTimeOffset CreatedAt,
    [property: Id(12)] DateTimeOffset UpdatedAt,
    [property: Id(13)] DateTimeOffset? FirstReplyAt,
    [property: Id(14)] DateTimeOffset? ClosedAt,
    [property: Id(15)] string Queue)
{
    /// <summary>In the district operators' queue: escalated requests, every suggestion and announcement.</summary>
    public bool InDistrictQueue => Escalated || Kind != TicketKind.Request;
}

/// <summary>One line of a ticket's thread, with the files its author attached (CHAT-8 files of the ticket's school).</summary>
[GenerateSerializer, Immutable, Alias("ds.TicketMessage")]
public sealed record TicketMessage(
    [property: Id(0)] string TicketId,
    [property: Id(1)] int Seq,
    [property: Id(2)] string AuthorId,
    [property: Id(3)] string AuthorName,
    [property: Id(4)] SupportSide Side,
    [property: Id(5)] string Body,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] IReadOnlyList<string> AttachmentIds);

/// <summary>A ticket with its thread, oldest line first.</summary>
[GenerateSerializer, Immutable, Alias("ds.TicketThread")]
public sealed record TicketThread([property: Id(0)] TicketView Ticket, [property: Id(1)] IReadOnlyList<TicketMessage> Messages);

/// <summary>
/// What a support stream carries (key: a school id, <see cref="SupportStreams.District"/>, or a requester's
/// <see cref="SupportStreams.Requester"/> key): the ticket as it is after the change, and the thread line it added, if any.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.TicketEvent")]
public sealed record TicketEvent([property: Id(0)] TicketView Ticket, [property: Id(1)] TicketMessage? Message);

/// <summary>The support desk's figures for a queue and period (REG-5; for the statistics issue): counts and durations only.</summary>
[GenerateSerializer, Immutable, Alias("ds.SupportFigures")]
public sealed record SupportFigures(
    [property: Id(0)] long Opened,
    [property: Id(1)] long Replied,
    [property: Id(2)] long Closed,
    [property: Id(3)] long Escalated,
    [property: Id(4)] TimeSpan? MeanTimeToFirstReply,
    [property: Id(5)] TimeSpan? MeanTimeToClose);

/// <summary>Which tickets a list or a watch covers.</summary>
[GenerateSerializer, Alias("ds.SupportScope")]
public enum SupportScope
{
    /// <summary>The caller's own tickets, in every school.</summary>
    Mine = 1,
    /// <summary>A school's queue (its administrators).</summary>
    School = 2,
    /// <summary>The district's queue: escalated requests and suggestions (operators).</summary>
    District = 3,
}

public static class SupportStreams
{
    /// <summary>The key of the district queue's stream and grain.</summary>
    public const string District = "district";

    /// <summary>The stream key a requester follows their own tickets on.</summary>
    public static string Requester(string userId) => "member-" + userId;
}

public static class TicketIds
{
    /// <summary>A new ticket id of a queue: the queue's key, '_', a random part (so a ticket names its owning queue).</summary>
    public static string New(string queue) => queue + "_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>The queue that owns a ticket, or null for an id no queue issued.</summary>
    public static string? QueueOf(string ticketId)
    {
        var cut = ticketId.LastIndexOf('_');
        return cut > 0 ? ticketId[..cut] : null;
    }
}
