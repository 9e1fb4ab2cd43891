using DistrictSferum.Contracts.Chats;

namespace DistrictSferum.Grains.Chats;

/// <summary>
/// Pure: when a chat tells its school's register its summary (issue 9 item 3: listing a school's chats reads the
/// summaries, never the chats). What the listing shows (title, kind, class, moderators, member count, rules, archive)
/// is told at once; the last activity (the chat's last sequence number) at most once per <c>activityInterval</c>.
/// </summary>
public static class ChatSummaries
{
    public static readonly TimeSpan ActivityInterval = TimeSpan.FromMinutes(1);

    public static bool ShouldPublish(ChatView? published, DateTimeOffset publishedAt, ChatView current, DateTimeOffset now, TimeSpan activityInterval) =>
        published is null || !SameListing(published, current) || (current.LastSeq != published.LastSeq && now - publishedAt >= activityInterval);

    /// <summary>
    /// Issue 15: the check after every call (sends included) compares the chat's state with the summary last told,
    /// field by field, without building a view; only a change builds one (then <see cref="ShouldPublish"/>).
    /// </summary>
    public static bool Unchanged(ChatView? published, DateTimeOffset publishedAt, ChatState chat, long lastSeq, DateTimeOffset now, TimeSpan activityInterval) =>
        published is not null && SameListing(published, chat) && (published.LastSeq == lastSeq || now - publishedAt < activityInterval);

    /// <summary>What <see cref="SameListing(ChatView, ChatView)"/> compares, read from the state.</summary>
    public static bool SameListing(ChatView a, ChatState chat) =>
        a.Title == chat.Title && a.Kind == chat.Kind && a.MemberCount == chat.Members.Count && a.Rules.Version == chat.RuleSet.Version &&
        a.ArchivedAt == chat.ArchivedAt && a.ClassId == chat.ClassId && a.Subject == chat.Subject && a.SchoolId == chat.SchoolId &&
        a.CreatedBy == chat.CreatedBy && a.CreatedAt == chat.CreatedAt && a.ModeratorIds.SequenceEqual(chat.ModeratorIds);

    /// <summary>Everything a listing shows but the last activity.</summary>
    public static bool SameListing(ChatView a, ChatView b) =>
        a.ChatId == b.ChatId && a.SchoolId == b.SchoolId && a.Kind == b.Kind && a.Title == b.Title && a.ClassId == b.ClassId &&
        a.Subject == b.Subject && a.CreatedBy == b.CreatedBy && a.CreatedAt == b.CreatedAt && a.ModeratorIds.SequenceEqual(b.ModeratorIds) &&
        a.MemberCount == b.MemberCount && a.Rules.Version == b.Rules.Version && a.ArchivedAt == b.ArchivedAt;

    /// <summary>
    /// What the register keeps of a summary it is told: a summary older than the one it has (by the chat's last sequence
    /// number; one-way messages may overtake each other) changes nothing. <c>Persist</c>: the listing changed (written at
    /// once); otherwise only the last activity moved (written with the next periodic flush).
    /// </summary>
    public static (bool Keep, bool Persist) Accept(ChatView? stored, ChatView told) =>
        stored is null ? (true, true)
        : told.LastSeq < stored.LastSeq ? (false, false)
        : SameListing(stored, told) ? (told.LastSeq != stored.LastSeq, false)
        : (true, true);
}
