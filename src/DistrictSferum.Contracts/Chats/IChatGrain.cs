namespace DistrictSferum.Contracts.Chats;

/// <summary>
/// A chat or channel (key: chat id). It holds its settings, members and rules, assigns each event a sequence
/// number, and acknowledges a send only after the message is committed to the log.
/// </summary>
[Alias("ds.IChatGrain")]
public interface IChatGrain : IGrainWithStringKey
{
    /// <summary>CHAT-1, CHAT-2, ETH-1, ORG-15: creates the chat; its creator is its first member and moderator.</summary>
    [Alias("Create")]
    Task<ChatView> Create(Actor actor, NewChat chat);

    /// <summary>
    /// The chat as its members see it, or, before joining (ETH-4), as someone it admits sees it to read its rules:
    /// with a pending invitation, a valid link, or a channel of their school.
    /// </summary>
    [Alias("Get")]
    Task<ChatView> Get(Actor actor, string? linkToken);

    /// <summary>The chat in the actor's list: unread count and whether new rules await acceptance.</summary>
    [Alias("Mine")]
    Task<MyChat> Mine(Actor actor);

    /// <summary>A link that lets those the chat admits join it by themselves; the token is shown once.</summary>
    /// <summary>CHAT-3; with <paramref name="requestId"/> a retry answers the first attempt's token (issue 9).</summary>
    [Alias("CreateLinkOnce")]
    Task<string> CreateLink(Actor actor, TimeSpan? lifetime, string? requestId);

    /// <summary>ETH-3: a personal invitation; only the invitee's own acceptance makes them a member.</summary>
    [Alias("Invite")]
    Task Invite(Actor actor, string userId);

    /// <summary>ETH-3, ETH-4: the actor joins of their own will, through a link or an invitation, accepting the rules' current version.</summary>
    [Alias("Join")]
    Task<ChatView> Join(Actor actor, string? linkToken, int acceptedRulesVersion);

    /// <summary>ETH-4: accepts the rules' current version after they changed.</summary>
    [Alias("AcceptRules")]
    Task<ChatView> AcceptRules(Actor actor, int version);

    [Alias("Leave")]
    Task Leave(Actor actor);

    [Alias("SetRules")]
    Task<ChatView> SetRules(Actor actor, IReadOnlyList<string> clauses);

    [Alias("ListMembers")]
    Task<Page<ChatMemberView>> ListMembers(Actor actor, PageRequest page);

    /// <summary>CHAT-4: acknowledged only after the message is committed; a retried key returns the first ack.</summary>
    [Alias("Send")]
    Task<SendAck> Send(Actor actor, SendMessage message);

    [Alias("Edit")]
    Task<SendAck> Edit(Actor actor, long seq, string body);

    [Alias("DeleteOwn")]
    Task<SendAck> DeleteOwn(Actor actor, long seq);

    /// <summary>
    /// What a member scrolling back sees: up to <paramref name="limit"/> messages before <paramref name="beforeSeq"/>, newest
    /// first, and the other events of the same span of the log (apologies, blocks, joins, rules changes...), newest first.
    /// </summary>
    [Alias("History")]
    Task<ChatHistoryPage> History(Actor actor, long? beforeSeq, int limit);

    /// <summary>The log from <paramref name="afterSeq"/> on, oldest first: what a reconnecting client missed.</summary>
    [Alias("EventsAfter")]
    Task<IReadOnlyList<ChatEvent>> EventsAfter(Actor actor, long afterSeq, int limit);

    [Alias("MarkRead")]
    Task<ChatCursor> MarkRead(Actor actor, long seq);

    /// <summary>Verifies membership and tells the last sequence number and the actor's read marker.</summary>
    [Alias("Cursor")]
    Task<ChatCursor> Cursor(Actor actor);

    /// <summary>Issue 9: the last committed sequence number for a member (a stream's heartbeat compares it with what it sent); never waits on a send.</summary>
    [Alias("LastSeq"), Orleans.Concurrency.AlwaysInterleave]
    Task<long> LastSeq(Actor actor);

    /// <summary>CHAT-8: a moderator or a verified teacher who is a member opens a poll in the chat.</summary>
    /// <summary>With <paramref name="requestId"/> a retry answers the first attempt's poll, announced once (issue 9).</summary>
    [Alias("CreatePollOnce")]
    Task<Polls.PollView> CreatePoll(Actor actor, Polls.NewPoll poll, string? requestId);

    // --- personal conversations (CHAT-10) ---

    /// <summary>
    /// CHAT-10, ETH-3: starts the one-to-one conversation (key: <see cref="PersonalChats.IdFor"/>) with its first message,
    /// which reaches the recipient as a request; nothing more can be sent until they accept.
    /// </summary>
    [Alias("StartPersonal")]
    Task<ChatView> StartPersonal(Actor actor, string schoolId, string recipientId, SendMessage first);

    /// <summary>ETH-3: the recipient accepts the request and the conversation opens.</summary>
    [Alias("AcceptPersonal")]
    Task<ChatView> AcceptPersonal(Actor actor);

    /// <summary>ETH-3: the recipient declines; the sender cannot write again.</summary>
    [Alias("DeclinePersonal")]
    Task DeclinePersonal(Actor actor);

    /// <summary>Either side blocks the other personally: the other cannot write again.</summary>
    [Alias("BlockPersonal")]
    Task BlockPersonal(Actor actor);

    // --- what members do about moderation (ETH-7, reports, due process); moderators: IChatModerationGrain ---

    /// <summary>ETH-7: any member objects to the early unblock of an apologising member, within the window.</summary>
    [Alias("ObjectToUnblock")]
    Task<Moderation.Block> ObjectToUnblock(Actor actor, string userId);

    [Alias("ReportMessage")]
    Task<Moderation.Report> ReportMessage(Actor actor, long seq, string reason);

    /// <summary>Due process: the actor's own violations, evidence and block.</summary>
    [Alias("MySanctions")]
    Task<Moderation.Sanctions> MySanctions(Actor actor);

}

/// <summary>
/// What a chat's moderators (and, for appointing them, its school's administrators) do in it (key: chat id; ETH-2,
/// ETH-5 to ETH-8). Every method takes the acting person and the chat checks they moderate it.
/// </summary>
[Alias("ds.IChatModerationGrain")]
public interface IChatModerationGrain : IGrainWithStringKey
{
    /// <summary>ETH-2: a moderator or a school administrator appoints a verified teacher who is a member.</summary>
    [Alias("AppointModerator")]
    Task<ChatView> AppointModerator(Actor actor, string userId);

    /// <summary>ETH-2: a moderator deletes any message, citing a clause; the text is kept as evidence in the audit log.</summary>
    [Alias("DeleteAsModerator")]
    Task<SendAck> DeleteAsModerator(Actor actor, long seq, int clause);

    /// <summary>ETH-5: reminds the author of a message of a clause, recording a violation.</summary>
    [Alias("Remind")]
    Task<Moderation.Violation> Remind(Actor actor, long seq, int clause);

    /// <summary>ETH-6, ETH-8: blocks a member citing more than three unused violations, for at most a month.</summary>
    [Alias("BlockMember")]
    Task<Moderation.Block> BlockMember(Actor actor, string userId, IReadOnlyList<string> violationIds, DateTimeOffset until);

    /// <summary>ETH-7: ends a block early, only after an apology and a window without objection.</summary>
    [Alias("UnblockEarly")]
    Task<Moderation.Block> UnblockEarly(Actor actor, string userId);

    /// <summary>The moderators' queue, oldest first, a page at a time.</summary>
    [Alias("ListReportsPage")]
    Task<Page<Moderation.Report>> ListReports(Actor actor, bool includeResolved, PageRequest page);

    [Alias("ResolveReport")]
    Task<Moderation.Report> ResolveReport(Actor actor, string reportId);

    /// <summary>A member's violations and blocks, for moderators.</summary>
    [Alias("MemberRecord")]
    Task<Moderation.Sanctions> MemberRecord(Actor actor, string userId);
}

/// <summary>The one key of two members' personal conversation in a school, the same whoever starts it.</summary>
public static class PersonalChats
{
    public static string IdFor(string schoolId, string a, string b)
    {
        var (first, second) = string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{schoolId}\u001f{first}\u001f{second}"));
        return "dm" + Convert.ToHexStringLower(hash)[..40];
    }
}

/// <summary>
/// A school's settings for personal conversations (key: school id): whether parents may write to parents and students to
/// students (off by default; never pupils of grades 1-4). Administrators change them.
/// </summary>
[Alias("ds.ISchoolPersonalSettingsGrain")]
public interface ISchoolPersonalSettingsGrain : IGrainWithStringKey
{
    /// <summary>The settings, for members of the school (DIS-1).</summary>
    [Alias("Get")]
    Task<PersonalSettings> Get(Actor actor);

    [Alias("Set")]
    Task<PersonalSettings> Set(Actor actor, PersonalSettings settings);
}

[GenerateSerializer, Immutable, Alias("ds.PersonalSettings")]
public sealed record PersonalSettings([property: Id(0)] bool ParentsWithParents, [property: Id(1)] bool StudentsWithStudents);

/// <summary>A school's chats and channels (key: school id): the register, and how school movements reach chats.</summary>
[Alias("ds.ISchoolChatsGrain")]
public interface ISchoolChatsGrain : IGrainWithStringKey
{
    /// <summary>The school's chats the actor may see (ORG-16 for the director and administrators), from their summaries.</summary>
    [Alias("List")]
    Task<Page<ChatView>> List(Actor actor, PageRequest page);
}
