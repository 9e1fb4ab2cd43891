using Microsoft.Extensions.DependencyInjection;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Files;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Common;
using DistrictSferum.Grains.Files;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using DistrictSferum.Grains.Users;
using DistrictSferum.Grains.Schools;

namespace DistrictSferum.Grains.Chats;

/// <summary>
/// A chat: decides through <see cref="ChatState"/> and <see cref="MessageRules"/>, assigns sequence numbers,
/// commits every event to the log before answering, then publishes it on the chat's stream (sends pipelined: see
/// ChatGrain.Pipeline.cs).
/// </summary>
public sealed partial class ChatGrain(
    [PersistentState("chat", StorageNames.Grains)] IPersistentState<ChatState> state,
    IChatLog log,
    Files.FileCatalog files,
    IOptions<Files.FilesOptions> fileOptions,
    IOptions<ChatOptions> options,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    Contracts.Identity.ContactKeys keys,
    ILogger<ChatGrain> logger) : Grain, IChatGrain
{
    /// <summary>At most this many non-message events in one history page (joins of a big class, say).</summary>
    private const int MaxHistoryEvents = 500;

    /// <summary>Sends by key: committed ones, and those still committing (a retry meanwhile waits for the first).</summary>
    private readonly Dictionary<string, Task<AppendOutcome>> recentKeys = [];
    private readonly Queue<string> recentOrder = new();
    private SendRateLimiter limiter = null!;
    private ChannelMembershipLimiter channelChurn = null!;
    private IAsyncStream<ChatEvent> stream = null!;
    private long lastSeq;
    private Audit.StateAuditOutbox<Contracts.Moderation.AuditRecord>? auditOutbox;

    private ChatState Chat => state.State;

    private string ChatId => this.GetPrimaryKeyString();

    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The chat's space: its school, or for a community's chat the community (DIS-2).</summary>
    private ChatScope School => new(GrainFactory, Chat.SchoolId, ChatAudience.IsCommunity(Chat.Kind));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        limiter = new SendRateLimiter(options.Value);
        channelChurn = new ChannelMembershipLimiter(options.Value);
        stream = this.GetStreamProvider(StreamNames.Provider).GetStream<ChatEvent>(StreamId.Create(StreamNames.Chat, ChatId));
        if (Chat.Created)
        {
            lastSeq = await log.LastSeqAsync(ChatId, cancellationToken);
            foreach (var (key, outcome) in await log.RecentKeysAsync(ChatId, options.Value.RecentKeys, cancellationToken)) Remember(key, outcome);
        }

        issuedSeq = lastSeq;

        if (Chat.Created) await ApplyTimeAsync();
        // Audit records a crash left committed but not appended: right after activation (no outbound call from here).
        if (Chat.Created) AuditOutbox.ResumeAfterActivation();
    }

    // --- lifecycle ---

    public async Task<ChatView> Create(Actor actor, NewChat chat)
    {
        if (Chat.Created)
        {
            // Issue 9: a retried create (its id derived from the creator's request id) gets the chat, with whatever the
            // first attempt left undone (the school's list, the creator's chats) completed: both are idempotent.
            if (Chat.CreatedBy != actor.UserId || Chat.SchoolId != chat.SchoolId) throw DomainException.Exists(ChatErrors.ChatExists, "This chat already exists.");
            if (Chat.Members.ContainsKey(actor.UserId)) await AfterCreateAsync(actor.UserId);
            return View();
        }

        var school = GrainFactory.GetGrain<ISchoolFacts>(GrainKeysOf(chat.SchoolId));
        var creator = await MembershipOrNull(new ChatScope(GrainFactory, chat.SchoolId, community: false), actor.UserId)
            ?? throw DomainException.NotFound(CommonErrors.SchoolNotFound, "No such school.", Rules.Dis1);
        var schoolClass = chat.ClassId is { Length: > 0 } classId ? await school.GetClass(classId) : null;
        ChatAudience.EnsureMayCreate(chat, creator, schoolClass);

        Chat.Create(chat with { ClassId = schoolClass?.ClassId }, actor.UserId, creator.DisplayName, Now);
        Chat.Members[actor.UserId].Role = PrimaryRole(creator);
        await state.WriteStateAsync();
        await AfterCreateAsync(actor.UserId);
        return View();
    }

    /// <summary>Called while the school registers: it must not call back into the school or its register.</summary>
    public async Task<ChatView> CreateChannel(string schoolId, ChatKind kind, string administratorId, string administratorName)
    {
        if (Chat.Created) return View();
        var title = kind == ChatKind.StaffChannel ? "Сотрудники" : "Школа";
        Chat.Create(new NewChat(schoolId, kind, title, null, null,
            ["Канал только для чтения: пишут администрация и директор.", "Вопросы — администратору школы в личных сообщениях."]),
            administratorId, administratorName, Now);
        Chat.Members[administratorId].Role = "staff";
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IUserMemberships>(administratorId).SetChatMembership(ChatId, true);
        return View();
    }

    public async Task<ChatView> Get(Actor actor, string? linkToken)
    {
        if (Chat.Created && Chat.Members.ContainsKey(actor.UserId)) return View();
        await EnsureMayPreview(actor, linkToken);
        return View();
    }

    public async Task<MyChat> Mine(Actor actor)
    {
        var member = Chat.RequireMember(actor.UserId);
        var read = await log.ReadMarkerAsync(ChatId, actor.UserId);
        return new MyChat(View(), read, await log.UnreadAsync(ChatId, actor.UserId, read), member.AcceptedRulesVersion != Chat.RuleSet.Version);
    }

    public Task<ChatView> Summary() => Chat.Created
        ? Task.FromResult(View())
        : throw DomainException.NotFound(ChatErrors.ChatNotFound, "No such chat.", Rules.Dis1);

    // --- membership (ETH-3, ETH-4, CHAT-3, CHAT-6) ---

    public async Task<string> CreateLink(Actor actor, TimeSpan? lifetime, string? requestId)
    {
        var (linkId, secret) = ClientRequestIds.LinkOf(keys, "chat-link/" + ChatId, actor.UserId, requestId);
        var token = ChatId + "." + secret;
        if (Chat.Links.TryGetValue(linkId, out var first) && first.CreatedBy == actor.UserId && first.TokenHash == LinkTokens.Hash(token)) return token;
        Chat.CreateLink(actor.UserId, linkId, LinkTokens.Hash(token), lifetime, Now);
        await state.WriteStateAsync();
        return token;
    }

    public async Task Invite(Actor actor, string userId)
    {
        Chat.RequireMember(actor.UserId);
        var invitee = await MembershipOrNull(School, userId)
            ?? throw DomainException.NotFound(CommonErrors.MemberNotFound, "No such member of this school.", Rules.Dis1);
        var invitation = Chat.Invite(actor.UserId, userId, invitee, ChatId, Now);
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IUserMemberships>(userId).AddInvitation(invitation);
    }

    public async Task<ChatView> Join(Actor actor, string? linkToken, int acceptedRulesVersion)
    {
        if (!Chat.Created) throw DomainException.NotFound(ChatErrors.ChatNotFound, "No such chat.", Rules.Dis1);
        var membership = await MembershipOrNull(School, actor.UserId);
        var isChannel = ChatAudience.IsChannel(Chat.Kind);
        if (isChannel && Chat.Members.ContainsKey(actor.UserId)) throw DomainException.Exists(CommonErrors.AlreadyMember, "Already a member of this chat.", Rules.Eth3);
        if (isChannel) channelChurn.Take(actor.UserId, Now);
        var member = Chat.Join(actor.UserId, membership?.DisplayName ?? "", membership, linkToken is null ? null : LinkTokens.Hash(linkToken), acceptedRulesVersion, Now);
        member.Role = membership is null ? null : PrimaryRole(membership);
        await state.WriteStateAsync();
        await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.MemberJoined, actor.UserId, Now, SubjectUserId: actor.UserId));
        var user = GrainFactory.GetGrain<IUserMemberships>(actor.UserId);
        await user.SetChatMembership(ChatId, true);
        await user.RemoveInvitation(ChatId);
        return View();
    }

    public async Task<ChatView> AcceptRules(Actor actor, int version)
    {
        Chat.AcceptRules(actor.UserId, version);
        await state.WriteStateAsync();
        return View();
    }

    public async Task Leave(Actor actor)
    {
        Chat.RequireMember(actor.UserId);
        if (ChatAudience.IsChannel(Chat.Kind)) channelChurn.Take(actor.UserId, Now);
        Chat.Leave(actor.UserId);
        await state.WriteStateAsync();
        await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.MemberLeft, actor.UserId, Now, SubjectUserId: actor.UserId));
        await GrainFactory.GetGrain<IUserMemberships>(actor.UserId).SetChatMembership(ChatId, false);
    }

    public async Task<ChatView> SetRules(Actor actor, IReadOnlyList<string> clauses)
    {
        var rules = Chat.SetRules(actor.UserId, clauses, Now);
        await state.WriteStateAsync();
        await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.RulesChanged, actor.UserId, Now,
            Body: string.Join('\n', rules.Clauses.Select((c, i) => $"{i + 1}. {c}")), TargetSeq: rules.Version));
        return View();
    }

    public Task<Page<ChatMemberView>> ListMembers(Actor actor, PageRequest page)
    {
        Chat.RequireMember(actor.UserId);
        var members = Chat.Members.Values.OrderBy(m => m.JoinedAt).ThenBy(m => m.UserId, StringComparer.Ordinal)
            .Select(m => new ChatMemberView(m.UserId, m.DisplayName, m.JoinedAt, m.AcceptedRulesVersion, Chat.ModeratorIds.Contains(m.UserId)))
            .ToList();
        return Task.FromResult(Paging.Slice(members, page));
    }

    // --- messages (CHAT-4, CHAT-7) ---

    public async Task<SendAck> Send(Actor actor, SendMessage message)
    {
        await ApplyTimeAsync();
        Chat.RequireParticipant(actor.UserId);
        var normalized = MessageRules.Normalize(message, options.Value, Chat.Members.ContainsKey);
        var sendKey = SendKey.Of(actor.UserId, normalized.ClientKey);
        var attachments = normalized.Attachments ?? [];
        if (recentKeys.TryGetValue(sendKey, out var earlierSend))
        {
            LeaveTurn();
            var earlier = await earlierSend;
            // The first attempt may have stopped between its commit and linking its files.
            if (attachments.Count > 0) await files.AttachAsync(attachments, actor.UserId, ChatId, earlier.Seq);
            return new SendAck(ChatId, earlier.Seq, earlier.At, Duplicate: true);
        }

        Chat.EnsureMayPost(actor.UserId, message.Apology, Now);
        Chat.EnsureMayWritePersonal(actor.UserId);
        if (message.Apology && attachments.Count > 0)
            throw DomainException.InvalidField("attachment_ids", FileErrors.AttachmentInvalid, "An apology is text only.", Rules.Eth7);
        if (message.Apology) return await ApologiseAsync(actor, normalized);
        if (ChatAudience.IsChannel(Chat.Kind) && !ChatAudience.MayPost(Chat.Kind, await School.GetMembership(actor.UserId)))
            throw DomainException.Denied(ChatErrors.ChannelReadOnly, "Only administrators and the director post in the school's channels.", Rules.Org12);
        if (normalized.ReplyTo is { } replyTo && (replyTo > lastSeq || await log.MessageAsync(ChatId, replyTo) is not { DeletedAt: null }))
            throw DomainException.InvalidField("reply_to", ChatErrors.ReplyInvalid, "The message replied to does not exist in this chat.", Rules.Chat4);
        if (attachments.Count > 0) await EnsureAttachableAsync(actor, attachments);
        limiter.Take(actor.UserId, Now);

        var committed = Enqueue(new ChatEvent(ChatId, 0, ChatEventKind.Posted, actor.UserId, Now,
            normalized.Body, ReplyTo: normalized.ReplyTo, Mentions: normalized.Mentions, ClientKey: normalized.ClientKey,
            Attachments: attachments.Count > 0 ? attachments : null));
        Remember(sendKey, committed);
        // Numbered and queued: the next call may run while this one waits for its commit (issue 15).
        LeaveTurn();
        var outcome = await committed;
        if (attachments.Count > 0) await files.AttachAsync(attachments, actor.UserId, ChatId, outcome.Seq);
        if (!outcome.Duplicate) SferumTelemetry.MessagesSent.Add(1);

        return new SendAck(ChatId, outcome.Seq, outcome.At, outcome.Duplicate);
    }

    public async Task<SendAck> Edit(Actor actor, long seq, string body)
    {
        await ApplyTimeAsync();
        Chat.RequireParticipant(actor.UserId);
        if (Chat.IsBlocked(actor.UserId, Now)) throw DomainException.Denied(ChatErrors.MemberBlocked, "You are blocked in this chat.", Rules.Eth6);
        Chat.EnsureMayWritePersonal(actor.UserId);
        if (ChatAudience.IsChannel(Chat.Kind) && !ChatAudience.MayPost(Chat.Kind, await School.GetMembership(actor.UserId)))
            throw DomainException.Denied(ChatErrors.ChannelReadOnly, "Only administrators and the director post in the school's channels.", Rules.Org12);
        var message = await OwnMessageAsync(actor, seq);
        if (Now - message.At > options.Value.EditWindow)
            throw DomainException.Precondition(ChatErrors.EditWindowPassed, "The time to edit this message has passed.", Rules.Chat4);
        var text = MessageRules.Body(body, options.Value);
        limiter.Take(actor.UserId, Now);
        var outcome = await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.Edited, actor.UserId, Now, text, TargetSeq: seq));
        return new SendAck(ChatId, outcome.Seq, outcome.At, false);
    }

    public async Task<SendAck> DeleteOwn(Actor actor, long seq)
    {
        Chat.RequireMember(actor.UserId);
        var message = await OwnMessageAsync(actor, seq);
        var outcome = await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.Deleted, actor.UserId, Now, TargetSeq: seq));
        // CHAT-8: the author's deletion takes the files away; they are purged after the retention period.
        if (message.Attachments is { Count: > 0 }) await files.MarkDeletedAsync(ChatId, seq, actor.UserId, evidence: false, Now, Now + fileOptions.Value.RetentionAfterDelete);
        return new SendAck(ChatId, outcome.Seq, outcome.At, false);
    }

    public async Task<ChatHistoryPage> History(Actor actor, long? beforeSeq, int limit)
    {
        // CHAT-10: the recipient of a personal request reads it before answering.
        if (!Chat.IsPendingRecipient(actor.UserId)) Chat.RequireMember(actor.UserId);
        var before = beforeSeq ?? lastSeq + 1;
        var count = Math.Clamp(limit, 1, 200);
        var messages = await log.MessagesBeforeAsync(ChatId, before, count);
        // The events between the oldest message of the page and `before`; a page short of `count` reached the chat's start.
        var after = messages.Count < count ? 0 : messages[^1].Seq;
        var events = await log.EventsBetweenAsync(ChatId, after, before, ChatHistoryPage.ShownKinds, MaxHistoryEvents);
        return new ChatHistoryPage(messages, events);
    }

    public async Task<IReadOnlyList<ChatEvent>> EventsAfter(Actor actor, long afterSeq, int limit)
    {
        Chat.RequireMember(actor.UserId);
        return await log.EventsAfterAsync(ChatId, Math.Max(0, afterSeq), Math.Clamp(limit, 1, 1000));
    }

    public async Task<ChatCursor> MarkRead(Actor actor, long seq)
    {
        Chat.RequireMember(actor.UserId);
        var upTo = Math.Clamp(seq, 0, lastSeq);
        await log.SetReadMarkerAsync(ChatId, actor.UserId, upTo);
        return new ChatCursor(ChatId, lastSeq, await log.ReadMarkerAsync(ChatId, actor.UserId));
    }

    public Task<long> LastSeq(Actor actor)
    {
        Chat.RequireMember(actor.UserId);
        return Task.FromResult(lastSeq);
    }

    public async Task<ChatCursor> Cursor(Actor actor)
    {
        Chat.RequireMember(actor.UserId);
        return new ChatCursor(ChatId, lastSeq, await log.ReadMarkerAsync(ChatId, actor.UserId));
    }

    // --- school movements (ETH-9) ---

    public async Task ApplyMovement(Movement movement, MovementFacts facts)
    {
        if (!Chat.Created) return;
        var people = movement.ParentIds.Prepend(movement.UserId).ToList();
        foreach (var userId in people.Where(Chat.Members.ContainsKey).ToList())
            await RemoveIfNotAdmittedAsync(userId, facts, movement.ActorId, "Покинул(а) школу или класс", $"mv-{movement.MovementId}-{people.IndexOf(userId)}");
    }

    /// <summary>ORG-9: a teacher whose verification was withdrawn leaves the chats that admit only verified teachers.</summary>
    public async Task ApplyRightsChange(RightsChange change, MovementFacts facts)
    {
        if (!Chat.Created || !Chat.Members.ContainsKey(change.UserId)) return;
        await RemoveIfNotAdmittedAsync(change.UserId, facts, change.ActorId, "Больше не входит в круг участников чата", $"rc-{change.ChangeId}");
    }

    /// <summary>
    /// ETH-9, ORG-9: removes <paramref name="userId"/> if the school's <paramref name="facts"/> say this chat no longer
    /// admits them; the removal event's <paramref name="clientKey"/> makes a retry append it once.
    /// </summary>
    private async Task RemoveIfNotAdmittedAsync(string userId, MovementFacts facts, string actorId, string body, string clientKey)
    {
        var (successor, successorName) = Successor(userId, facts);
        if (!Chat.RemoveIfNotAdmitted(userId, facts.Membership(userId), successor, successorName, Now)) return;
        // ETH-9: a personal conversation ends for the leaver; the other keeps its history and cannot write into the void.
        if (Chat.Kind == ChatKind.Personal) Chat.Personal = PersonalStatus.Ended;
        try
        {
            // The event first, under a key of its own: a retry after any failure below appends it once.
            await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.MemberRemoved, actorId, Now,
                Body: body, SubjectUserId: userId, ClientKey: clientKey));
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory is ahead of storage: reload, so the retry finds the member still here and removes them.
            DeactivateOnIdle();
            throw;
        }

        if (successor is not null && Chat.ModeratorIds.Contains(successor))
            await GrainFactory.GetGrain<IUserMemberships>(successor).SetChatMembership(ChatId, true);
        await GrainFactory.GetGrain<IUserMemberships>(userId).SetChatMembership(ChatId, false);
    }

    // --- plumbing ---

    private async Task<ChatMessage> OwnMessageAsync(Actor actor, long seq)
    {
        var message = await log.MessageAsync(ChatId, seq);
        if (message is null || message.DeletedAt is not null)
            throw DomainException.NotFound(ChatErrors.MessageNotFound, "No such message in this chat.", Rules.Chat4);
        if (message.AuthorId != actor.UserId)
            throw DomainException.Denied(ChatErrors.NotAuthor, "Only the author edits or deletes their message this way.", Rules.Chat4);
        return message;
    }

    /// <summary>CHAT-8, DIS-1: the sender's own files of this chat's school, not deleted, not attached elsewhere.</summary>
    private async Task EnsureAttachableAsync(Actor actor, IReadOnlyList<string> ids) =>
        FileRules.EnsureAttachable(ids, (await files.GetManyAsync(ids)).ToDictionary(f => f.FileId), Chat.SchoolId, actor.UserId);

    private async Task EnsureMayPreview(Actor actor, string? linkToken)
    {
        var membership = Chat.Created ? await MembershipOrNull(School, actor.UserId) : null;
        var admitted = membership is not null && ChatAudience.Admits(Chat.Kind, Chat.ClassId, membership);
        var hash = linkToken is null ? null : LinkTokens.Hash(linkToken);
        var hasWay = Chat.Invitations.ContainsKey(actor.UserId) || ChatAudience.IsChannel(Chat.Kind) ||
                     (hash is not null && Chat.Links.Values.Any(l => l.TokenHash == hash && !l.Revoked && Now < l.ExpiresAt));
        if (!admitted || !hasWay) throw DomainException.NotFound(ChatErrors.ChatNotFound, "No such chat.", Rules.Dis1);
    }

    private async Task AfterCreateAsync(string creatorId)
    {
        if (!ChatAudience.IsCommunity(Chat.Kind)) await GrainFactory.GetGrain<ISchoolChatsSync>(Chat.SchoolId).Register(View());
        await GrainFactory.GetGrain<IUserMemberships>(creatorId).SetChatMembership(ChatId, true);
    }

    /// <summary>Who moderates when the last moderator leaves: the class teacher, else an administrator.</summary>
    /// <summary>ETH-9: a lone moderator who leaves is succeeded by a class teacher of the chat's class, else an administrator.</summary>
    private (string? Id, string? Name) Successor(string leaving, MovementFacts facts)
    {
        if (!(Chat.ModeratorIds.Count == 1 && Chat.ModeratorIds[0] == leaving)) return (null, null);
        var teachers = Chat.ClassId is { } classId && facts.ClassTeacherIds.TryGetValue(classId, out var ids) ? ids : [];
        foreach (var candidate in teachers.Concat(facts.AdministratorIds))
            if (candidate != leaving && facts.Membership(candidate) is { } m) return (m.UserId, m.DisplayName);
        return (null, null);
    }

    private static async Task<MemberView?> MembershipOrNull(ChatScope school, string userId)
    {
        try
        {
            return await school.GetMembership(userId);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            return null;
        }
    }

    private static string PrimaryRole(MemberView m) =>
        (m.Roles & SchoolRoles.Teacher) != 0 ? "teacher" : (m.Roles & SchoolRoles.Student) != 0 ? "student"
        : (m.Roles & SchoolRoles.Parent) != 0 ? "parent" : "staff";

    private static string GrainKeysOf(string schoolId) =>
        string.IsNullOrEmpty(schoolId) ? throw DomainException.InvalidField("school_id", CommonErrors.IdInvalid, "school_id is missing.") : schoolId;

    private void Remember(string key, AppendOutcome outcome) => Remember(key, Task.FromResult(outcome with { Duplicate = true }));

    private void Remember(string key, Task<AppendOutcome> outcome)
    {
        if (recentKeys.TryAdd(key, outcome)) recentOrder.Enqueue(key);
        while (recentOrder.Count > options.Value.RecentKeys) recentKeys.Remove(recentOrder.Dequeue());
    }

    private ChatView View() => Chat.View(ChatId, lastSeq);
}
