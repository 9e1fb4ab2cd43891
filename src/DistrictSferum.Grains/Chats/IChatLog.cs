using DistrictSferum.Contracts.Chats;

namespace DistrictSferum.Grains.Chats;

/// <summary>The outcome of appending one event: stored, or a retry of an event stored earlier under the same client key.</summary>
public sealed record AppendOutcome(long Seq, DateTimeOffset At, bool Duplicate);

/// <summary>
/// What became of a chat's group of events appended as one unit (<see cref="IChatLog.AppendGroupAsync"/>): the
/// outcomes of a prefix of the group, in order. The prefix ends after the first event that turned out to be a retry
/// of an event stored earlier (its number stays unused, so the events after it were not stored and are numbered
/// again), or before the first event that failed (<see cref="StoppedBy"/>). Nothing after the prefix is stored, so
/// the chat's log never has a gap.
/// </summary>
public sealed record GroupAppend(IReadOnlyList<AppendOutcome> Written, Exception? StoppedBy);

/// <summary>A client key is its author's: the same key from two members is two sends.</summary>
public static class SendKey
{
    public static string Of(string authorId, string clientKey) => authorId + "\u001f" + clientKey;
}

/// <summary>
/// A chat's append-only log in PostgreSQL, keyed by (chat, sequence number); the durable truth every client
/// resynchronises from. Appends are committed in groups; each completes only once its row is committed.
/// </summary>
public interface IChatLog
{
    Task<AppendOutcome> AppendAsync(ChatEvent chatEvent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends one chat's events, numbered consecutively, in one commit: a pipelined chat hands over everything its
    /// members sent while its previous group was committing. Throws when nothing of the group was stored. PostgreSQL
    /// commits the group within one group commit.
    /// </summary>
    Task<GroupAppend> AppendGroupAsync(IReadOnlyList<ChatEvent> events, CancellationToken cancellationToken = default);

    Task<long> LastSeqAsync(string chatId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Client keys of the newest <paramref name="count"/> messages, by <see cref="SendKey"/>, to answer retries
    /// without a round trip.
    /// </summary>
    Task<IReadOnlyDictionary<string, AppendOutcome>> RecentKeysAsync(string chatId, int count, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ChatEvent>> EventsAfterAsync(string chatId, long afterSeq, int limit, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ChatMessage>> MessagesBeforeAsync(string chatId, long beforeSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>Events of <paramref name="kinds"/> with afterSeq &lt; seq &lt; beforeSeq, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ChatEvent>> EventsBetweenAsync(string chatId, long afterSeq, long beforeSeq, IReadOnlyList<ChatEventKind> kinds, int limit,
        CancellationToken cancellationToken = default);

    Task<ChatMessage?> MessageAsync(string chatId, long seq, CancellationToken cancellationToken = default);

    Task SetReadMarkerAsync(string chatId, string userId, long seq, CancellationToken cancellationToken = default);

    Task<long> ReadMarkerAsync(string chatId, string userId, CancellationToken cancellationToken = default);

    /// <summary>Messages by others after <paramref name="afterSeq"/> that are not deleted.</summary>
    Task<long> UnreadAsync(string chatId, string userId, long afterSeq, CancellationToken cancellationToken = default);
}
