namespace DistrictSferum.Contracts.Support;

/// <summary>
/// A support queue (key: a school id, or <see cref="SupportStreams.District"/>) and the only writer of the tickets
/// filed to it (REG-5): a school's queue owns its members' requests, the district's owns suggestions. District
/// operators act on an escalated request through the school's queue that owns it.
/// </summary>
[Alias("ds.ISupportQueueGrain")]
public interface ISupportQueueGrain : IGrainWithStringKey
{
    /// <summary>A member opens a request to their school's administrators, with files they uploaded to the school if they like.</summary>
    [Alias("OpenOnce")]
    Task<TicketThread> Open(Actor actor, SupportCategory category, string subject, string text, IReadOnlyList<string> attachments, string? requestId = null);

    /// <summary>A member of <paramref name="schoolId"/> sends a suggestion for the platform to the district (district queue only).</summary>
    [Alias("Suggest")]
    Task<TicketThread> Suggest(Actor actor, string schoolId, string subject, string text);

    /// <summary>An operator's announcement lands in this school's queue for its administrators; the same id again changes nothing.</summary>
    [Alias("Announce")]
    Task<TicketView> Announce(Actor actor, string announcementId, string subject, string text);

    /// <summary>The queue's tickets, newest change first: administrators (school queue) or operators (district queue).</summary>
    [Alias("List")]
    Task<Page<TicketView>> List(Actor actor, SupportStatus? status, PageRequest page);

    [Alias("Get")]
    Task<TicketThread> Get(Actor actor, string ticketId);

    /// <summary>
    /// The requester, the school's administrators or (escalated) an operator adds a line to the thread, with files the
    /// author uploaded to the ticket's school if they like.
    /// </summary>
    [Alias("Reply")]
    Task<TicketThread> Reply(Actor actor, string ticketId, string text, IReadOnlyList<string> attachments);

    [Alias("SetStatus")]
    Task<TicketView> SetStatus(Actor actor, string ticketId, SupportStatus status);

    /// <summary>An administrator passes a request the school cannot solve to the district operators.</summary>
    [Alias("Escalate")]
    Task<TicketView> Escalate(Actor actor, string ticketId, string note);

    /// <summary>Counts and mean durations of tickets opened in [from, to): the queue's staff only.</summary>
    [Alias("Figures")]
    Task<SupportFigures> Figures(Actor actor, DateTimeOffset from, DateTimeOffset to);

    /// <summary>The tickets of the actor (any queue), newest change first; asked of the district queue.</summary>
    [Alias("ListMine")]
    Task<Page<TicketView>> ListMine(Actor actor, PageRequest page);

    /// <summary>Checks that the actor may watch <paramref name="scope"/> of this queue.</summary>
    [Alias("EnsureMayWatch")]
    Task EnsureMayWatch(Actor actor, SupportScope scope);

    /// <summary>Tickets of <paramref name="scope"/> changed after <paramref name="since"/>, oldest change first: a reconnecting watcher's gap.</summary>
    [Alias("ChangedSince")]
    Task<IReadOnlyList<TicketView>> ChangedSince(Actor actor, SupportScope scope, DateTimeOffset since, int limit);
}
