namespace DistrictSferum.Contracts.Chats;

/// <summary>What a chat is for; its kind fixes who may create it and whom it admits (CHAT-1, CHAT-2, CHAT-6, ORG-12, ORG-15).</summary>
[GenerateSerializer, Alias("ds.ChatKind")]
public enum ChatKind
{
    /// <summary>A class with its students (and its teachers).</summary>
    ClassStudents = 0,
    /// <summary>A class's parents (and its teachers).</summary>
    ClassParents = 1,
    /// <summary>The teachers who teach a class.</summary>
    ClassTeachers = 2,
    /// <summary>A subject teacher with a class's students.</summary>
    Subject = 3,
    /// <summary>"Админы": the director, deputies and administrators.</summary>
    Admins = 4,
    /// <summary>"Учительская": the director and all staff.</summary>
    StaffRoom = 5,
    /// <summary>The parents' council: parents and the school's management.</summary>
    ParentsCouncil = 6,
    /// <summary>The students' council: students and the school's management.</summary>
    StudentsCouncil = 7,
    /// <summary>Any other chat a verified teacher starts within the school.</summary>
    Other = 8,
    /// <summary>The school-wide channel: administrators and the director post, every member reads.</summary>
    SchoolChannel = 9,
    /// <summary>The "Сотрудники" channel: administrators and the director post, staff read.</summary>
    StaffChannel = 10,
    /// <summary>CHAT-10: a one-to-one conversation inside a school, started as a request the recipient accepts or declines.</summary>
    Personal = 11,
    /// <summary>A district community's chat (DIS-2): its members join by invitation or link.</summary>
    CommunityChat = 12,
    /// <summary>A district community's channel: its moderators post, members subscribe.</summary>
    CommunityChannel = 13,
}

/// <summary>The chat's rules: numbered clauses, versioned; members accept a version before they take part (ETH-4).</summary>
[GenerateSerializer, Immutable, Alias("ds.ChatRules")]
public sealed record ChatRules([property: Id(0)] int Version, [property: Id(1)] IReadOnlyList<string> Clauses, [property: Id(2)] DateTimeOffset ChangedAt);

[GenerateSerializer, Immutable, Alias("ds.ChatView")]
public sealed record ChatView(
    [property: Id(0)] string ChatId,
    [property: Id(1)] string SchoolId,
    [property: Id(2)] ChatKind Kind,
    [property: Id(3)] string Title,
    [property: Id(4)] string? ClassId,
    [property: Id(5)] string? Subject,
    [property: Id(6)] string CreatedBy,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] IReadOnlyList<string> ModeratorIds,
    [property: Id(9)] int MemberCount,
    [property: Id(10)] ChatRules Rules,
    [property: Id(11)] long LastSeq,
    [property: Id(12)] DateTimeOffset? ArchivedAt = null);

/// <summary>A new chat: its kind, class (for class and subject chats) and first rules.</summary>
[GenerateSerializer, Immutable, Alias("ds.NewChat")]
public sealed record NewChat(
    [property: Id(0)] string SchoolId,
    [property: Id(1)] ChatKind Kind,
    [property: Id(2)] string Title,
    [property: Id(3)] string? ClassId,
    [property: Id(4)] string? Subject,
    [property: Id(5)] IReadOnlyList<string> RuleClauses);

/// <summary>One member of a chat, as other members see them.</summary>
[GenerateSerializer, Immutable, Alias("ds.ChatMemberView")]
public sealed record ChatMemberView(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] DateTimeOffset JoinedAt,
    [property: Id(3)] int AcceptedRulesVersion,
    [property: Id(4)] bool Moderator);

/// <summary>
/// A message to send; <see cref="ClientKey"/> makes a retry a no-op. A blocked member may send one <see cref="Apology"/> (ETH-7).
/// With <see cref="Attachments"/> (file ids, CHAT-8) the body is an optional caption.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.SendMessage")]
public sealed record SendMessage(
    [property: Id(0)] string ClientKey,
    [property: Id(1)] string Body,
    [property: Id(2)] long? ReplyTo,
    [property: Id(3)] IReadOnlyList<string> Mentions,
    [property: Id(4)] bool Apology = false,
    [property: Id(5)] IReadOnlyList<string>? Attachments = null);

/// <summary>A committed send: its place in the chat's log.</summary>
[GenerateSerializer, Immutable, Alias("ds.SendAck")]
public sealed record SendAck([property: Id(0)] string ChatId, [property: Id(1)] long Seq, [property: Id(2)] DateTimeOffset At, [property: Id(3)] bool Duplicate);

[GenerateSerializer, Alias("ds.ChatEventKind")]
public enum ChatEventKind
{
    Posted = 0,
    Edited = 1,
    Deleted = 2,
    MemberJoined = 3,
    MemberLeft = 4,
    RulesChanged = 5,
    MemberRemoved = 6,
    /// <summary>ETH-5: a reminder of a clause recorded a violation.</summary>
    ViolationRecorded = 7,
    MemberBlocked = 8,
    /// <summary>ETH-7: a blocked member's one apology.</summary>
    Apology = 9,
    ObjectionRaised = 10,
    /// <summary>ETH-7: the objection window closed without objection; a moderator may unblock early.</summary>
    EarlyUnblockPossible = 11,
    BlockEnded = 12,
    ModeratorAppointed = 13,
    /// <summary>CHAT-9, ORG-13: a meeting held for this chat (or a broadcast of this school) was announced, moved, cancelled, is about to start or started.</summary>
    MeetingNotice = 14,
    /// <summary>CHAT-8: a poll was opened (body: the question; <see cref="ChatEvent.PollId"/>, counts all zero).</summary>
    PollOpened = 15,
    /// <summary>CHAT-8: a poll's counts changed (<see cref="ChatEvent.PollCounts"/>, one per option).</summary>
    PollVotes = 16,
    /// <summary>CHAT-8: a poll closed, by time or by its creator or a moderator; the counts are final.</summary>
    PollClosed = 17,
    /// <summary>The chat was archived with the school year (body: why): it is read-only from now on.</summary>
    ChatArchived = 18,
}

/// <summary>
/// A page of a chat's history: messages (with their edits and deletions applied) and, between them in sequence order,
/// the events members see that are not messages (<see cref="ChatHistoryPage.ShownKinds"/>), both newest first.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.ChatHistoryPage")]
public sealed record ChatHistoryPage(
    [property: Id(0)] IReadOnlyList<ChatMessage> Messages,
    [property: Id(1)] IReadOnlyList<ChatEvent> Events)
{
    /// <summary>
    /// Every kind but messages and their edits and deletions (which the messages already show) and poll counts (GetPoll shows the current ones): what the chat's stream
    /// carries to every member, so the history tells the same story (the apology members are asked to object to, above all).
    /// </summary>
    public static readonly IReadOnlyList<ChatEventKind> ShownKinds =
        [.. Enum.GetValues<ChatEventKind>().Where(k => k is not (ChatEventKind.Posted or ChatEventKind.Edited or ChatEventKind.Deleted or ChatEventKind.PollVotes))];
}

/// <summary>
/// One entry of a chat's log, and the live event for it: every change to a chat has its own sequence number,
/// so a client that resumes from the last number it saw misses nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.ChatEvent")]
public sealed record ChatEvent(
    [property: Id(0)] string ChatId,
    [property: Id(1)] long Seq,
    [property: Id(2)] ChatEventKind Kind,
    [property: Id(3)] string ActorId,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] string? Body = null,
    [property: Id(6)] long? TargetSeq = null,
    [property: Id(7)] long? ReplyTo = null,
    [property: Id(8)] IReadOnlyList<string>? Mentions = null,
    [property: Id(9)] string? SubjectUserId = null,
    [property: Id(10)] string? ClientKey = null,
    [property: Id(11)] string? PollId = null,
    [property: Id(12)] IReadOnlyList<int>? PollCounts = null,
    [property: Id(13)] IReadOnlyList<string>? Attachments = null);

/// <summary>A message as history shows it: with its latest edit, or marked deleted.</summary>
[GenerateSerializer, Immutable, Alias("ds.ChatMessage")]
public sealed record ChatMessage(
    [property: Id(0)] string ChatId,
    [property: Id(1)] long Seq,
    [property: Id(2)] string AuthorId,
    [property: Id(3)] string? Body,
    [property: Id(4)] long? ReplyTo,
    [property: Id(5)] IReadOnlyList<string> Mentions,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] DateTimeOffset? EditedAt,
    [property: Id(8)] DateTimeOffset? DeletedAt,
    [property: Id(9)] string? DeletedBy,
    [property: Id(10)] IReadOnlyList<string>? Attachments = null);

/// <summary>Where a member stands in a chat: what exists, what they have read.</summary>
[GenerateSerializer, Immutable, Alias("ds.ChatCursor")]
public sealed record ChatCursor([property: Id(0)] string ChatId, [property: Id(1)] long LastSeq, [property: Id(2)] long ReadSeq);

/// <summary>A chat in a member's list, with what is unread.</summary>
[GenerateSerializer, Immutable, Alias("ds.MyChat")]
public sealed record MyChat([property: Id(0)] ChatView Chat, [property: Id(1)] long ReadSeq, [property: Id(2)] long Unread, [property: Id(3)] bool RulesToAccept);

/// <summary>A pending personal invitation to a chat, which only the invitee can accept (ETH-3).</summary>
[GenerateSerializer, Immutable, Alias("ds.ChatInvitation")]
public sealed record ChatInvitation(
    [property: Id(0)] string ChatId, [property: Id(1)] string SchoolId, [property: Id(2)] string Title, [property: Id(3)] string InvitedBy, [property: Id(4)] DateTimeOffset At);
