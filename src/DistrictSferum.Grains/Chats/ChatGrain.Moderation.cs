using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Moderation;
using DistrictSferum.Grains.Audit;
using Microsoft.Extensions.Logging;
using DistrictSferum.Grains.Moderation;

namespace DistrictSferum.Grains.Chats;

/// <summary>
/// Moderation in the chat grain: the decisions are <see cref="ChatState"/>'s; here every attempt, done or
/// refused, becomes a row of the school's audit log, and every outcome an event of the chat.
/// </summary>
public sealed partial class ChatGrain : IChatModerationGrain, IRemindable
{
    private const string TimeReminder = "moderation-time";

    public Task<ChatView> AppointModerator(Actor actor, string userId) =>
        AuditedAsync("appoint_moderator", actor, userId, null, null, async audit =>
        {
            var isAdmin = (await School.GetAdministratorIds()).Contains(actor.UserId);
            if (!isAdmin) Chat.RequireMember(actor.UserId);
            Chat.AppointModerator(actor.UserId, isAdmin, await MembershipOrNull(School, userId));
            await audit.SaveAsync("moderator appointed");
            await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.ModeratorAppointed, actor.UserId, Now, SubjectUserId: userId));
            return View();
        });

    /// <summary>ETH-2: members see "deleted by a moderator"; the text goes to the audit log as evidence.</summary>
    public Task<SendAck> DeleteAsModerator(Actor actor, long seq, int clause) =>
        AuditedAsync("delete_message", actor, null, seq, clause, async audit =>
        {
            Chat.RequireModerator(actor.UserId, Rules.Eth2);
            var text = Chat.ClauseText(clause, Rules.Eth2);
            var message = await MessageOrThrowAsync(seq);
            // The intent goes first: delivered only once the message is deleted in the log (see DeliverAuditAsync).
            await audit.SaveAsync($"deleted under clause {clause}: {text}" + (message.Attachments is { Count: > 0 } a ? $"; files kept as evidence: {string.Join(", ", a)}" : ""),
                message.Body, message.AuthorId);
            var outcome = await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.Deleted, actor.UserId, Now,
                Body: $"Удалено модератором: п. {clause} правил", TargetSeq: seq, SubjectUserId: message.AuthorId));
            // CHAT-8: members lose the files; the school's supervisors keep them as evidence, never purged.
            if (message.Attachments is { Count: > 0 }) await files.MarkDeletedAsync(ChatId, seq, actor.UserId, evidence: true, Now, Now);
            return new SendAck(ChatId, outcome.Seq, outcome.At, false);
        });

    public Task<Violation> Remind(Actor actor, long seq, int clause) =>
        AuditedAsync("remind", actor, null, seq, clause, async audit =>
        {
            Chat.RequireModerator(actor.UserId, Rules.Eth5);
            var message = await MessageOrThrowAsync(seq);
            var violation = Chat.Remind(actor.UserId, message.AuthorId, seq, clause, NewId(), Now);
            await audit.SaveAsync($"violation {violation.ViolationId} of clause {clause}", message.Body, message.AuthorId);
            await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.ViolationRecorded, actor.UserId, Now,
                Body: $"Напоминание о п. {clause} правил: {violation.ClauseText}", TargetSeq: seq, SubjectUserId: message.AuthorId));
            return Chat.View(violation, ChatId);
        });

    public Task<Block> BlockMember(Actor actor, string userId, IReadOnlyList<string> violationIds, DateTimeOffset until) =>
        AuditedAsync("block", actor, userId, null, null, async audit =>
        {
            await ApplyTimeAsync();
            var block = Chat.Block(actor.UserId, userId, violationIds, until, NewId(), Now);
            await audit.SaveAsync($"blocked until {until:O} citing {string.Join(",", block.ViolationIds)}");
            await ScheduleTimeAsync();
            await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.MemberBlocked, actor.UserId, Now,
                Body: $"Заблокирован(а) до {until:yyyy-MM-dd HH:mm} UTC за нарушения: {string.Join(", ", block.ViolationIds)}", SubjectUserId: userId));
            return ChatState.View(block, ChatId);
        });

    public Task<Block> ObjectToUnblock(Actor actor, string userId) =>
        AuditedAsync("object", actor, userId, null, null, async audit =>
        {
            await ApplyTimeAsync();
            var block = Chat.Object(actor.UserId, userId, Now);
            await audit.SaveAsync("objected to early unblock");
            await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.ObjectionRaised, actor.UserId, Now, SubjectUserId: userId));
            return ChatState.View(block, ChatId);
        });

    public Task<Block> UnblockEarly(Actor actor, string userId) =>
        AuditedAsync("unblock_early", actor, userId, null, null, async audit =>
        {
            await ApplyTimeAsync();
            var block = Chat.UnblockEarly(actor.UserId, userId, Now);
            await audit.SaveAsync("unblocked early after apology, no objection");
            await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.BlockEnded, actor.UserId, Now,
                Body: "Досрочно разблокирован(а) после извинения", SubjectUserId: userId));
            return ChatState.View(block, ChatId);
        });

    public Task<Report> ReportMessage(Actor actor, long seq, string reason) =>
        AuditedAsync("report", actor, null, seq, null, async audit =>
        {
            Chat.RequireMember(actor.UserId);
            limiter.Take(actor.UserId, Now);
            var message = await MessageOrThrowAsync(seq);
            var report = Chat.Report(actor.UserId, seq, reason, NewId(), Now, out var isNew);
            // A repeated report of the same message answers the first, with no new row (issue 9).
            if (isNew) await audit.SaveAsync($"reported: {report.Reason}", message.Body, message.AuthorId);
            return ChatState.View(report, ChatId);
        });

    public Task<Page<Report>> ListReports(Actor actor, bool includeResolved, PageRequest page)
    {
        Chat.RequireModerator(actor.UserId, Rules.Eth2);
        return Task.FromResult(Paging.Slice(Chat.Reports.Where(r => includeResolved || r.ResolvedBy is null)
            .OrderBy(r => r.At).Select(r => ChatState.View(r, ChatId)).ToList(), page));
    }

    public Task<Report> ResolveReport(Actor actor, string reportId) =>
        AuditedAsync("resolve_report", actor, null, null, null, async audit =>
        {
            var report = Chat.ResolveReport(actor.UserId, reportId);
            await audit.SaveAsync($"report {reportId} resolved");
            return ChatState.View(report, ChatId);
        });

    /// <summary>Due process: the rules broken, the evidence, the duration and who decided.</summary>
    public async Task<Sanctions> MySanctions(Actor actor)
    {
        await ApplyTimeAsync();
        Chat.RequireMember(actor.UserId);
        return await SanctionsOfAsync(actor.UserId);
    }

    public async Task<Sanctions> MemberRecord(Actor actor, string userId)
    {
        await ApplyTimeAsync();
        Chat.RequireModerator(actor.UserId, Rules.Eth6);
        return await SanctionsOfAsync(userId);
    }

    public Task Refresh() => ApplyTimeAsync();

    public Task ReceiveReminder(string reminderName, TickStatus status) => ApplyTimeAsync();

    /// <summary>
    /// Applies what time decided, on every access and from a reminder: blocks that ran out end (ETH-6), and
    /// moderators hear when an apology's objection window closed without objection (ETH-7).
    /// </summary>
    private async Task ApplyTimeAsync()
    {
        if (!Chat.Created) return;
        var ended = Chat.EndExpiredBlocks(Now);
        var notices = Chat.DueUnblockNotices(Now);
        if (ended.Count == 0 && notices.Count == 0) return;
        await state.WriteStateAsync();
        foreach (var b in ended)
            await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.BlockEnded, b.ModeratorId, b.Until, Body: "Срок блокировки истёк", SubjectUserId: b.MemberId));
        foreach (var b in notices)
            await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.EarlyUnblockPossible, b.MemberId, Now,
                Body: "Возражений не поступило: модератор может разблокировать досрочно", SubjectUserId: b.MemberId));
        await ScheduleTimeAsync();
    }

    /// <summary>A reminder only announces; expiry is decided on access, so a lost tick changes nothing.</summary>
    private async Task ScheduleTimeAsync()
    {
        var next = Chat.Blocks.Values.SelectMany(b => new[] { (DateTimeOffset?)b.Until, b.NoticeSent ? null : b.ObjectionDeadline })
            .Where(t => t is not null).Min();
        try
        {
            if (next is { } at)
                await this.RegisterOrUpdateReminder(TimeReminder, Max(at - Now, TimeSpan.FromMinutes(1)), TimeSpan.FromHours(1));
            else if (await this.GetReminder(TimeReminder) is { } reminder)
                await this.UnregisterReminder(reminder);
        }
        catch (Exception e) when (e is not DomainException)
        {
            logger.LogWarning(e, "Scheduling the moderation reminder of chat {ChatId} failed; expiry still applies on access", ChatId);
        }
    }

    private async Task<SendAck> ApologiseAsync(Actor actor, SendMessage message)
    {
        var outcome = await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.Apology, actor.UserId, Now, message.Body,
            ClientKey: message.ClientKey, SubjectUserId: actor.UserId));
        Remember(SendKey.Of(actor.UserId, message.ClientKey), outcome);
        if (outcome.Duplicate) return new SendAck(ChatId, outcome.Seq, outcome.At, true);
        var window = await School.GetObjectionWindow();
        Chat.RecordApology(actor.UserId, outcome.Seq, Now, window);
        AuditOutbox.Add(new AuditRecord(ChatId, "apology", false, actor.UserId, actor.UserId, outcome.Seq, null,
            $"apology posted; objections until {Now + window:O}", message.Body, null, Now));
        await state.WriteStateAsync();
        await ScheduleTimeAsync();
        await AuditOutbox.DeliverAsync();
        return new SendAck(ChatId, outcome.Seq, outcome.At, false);
    }

    private async Task<Sanctions> SanctionsOfAsync(string userId)
    {
        var violations = Chat.Violations.Where(v => v.MemberId == userId).Select(v => Chat.View(v, ChatId)).ToList();
        var evidence = new Dictionary<long, string>();
        foreach (var seq in violations.Select(v => v.MessageSeq).Distinct())
            if (await log.MessageAsync(ChatId, seq) is { Body: { } body }) evidence[seq] = body;
        var block = Chat.Blocks.TryGetValue(userId, out var b) ? ChatState.View(b, ChatId) : null;
        return new Sanctions(violations, block, evidence);
    }

    private async Task<ChatMessage> MessageOrThrowAsync(long seq) =>
        await log.MessageAsync(ChatId, seq) is { DeletedAt: null } message
            ? message
            : throw DomainException.NotFound(ChatErrors.MessageNotFound, "No such message in this chat.", Rules.Eth5);

    /// <summary>
    /// ORG-16: runs a moderation command and records it, done or refused, in the school's audit log. What was done is
    /// recorded with the action itself: the command's <see cref="AuditCommit.SaveAsync"/> puts the audit record in the
    /// chat's outbox and writes it with the state the action changed (issue 9), and it is appended once, by intent id.
    /// </summary>
    private async Task<T> AuditedAsync<T>(
        string action, Actor actor, string? subject, long? seq, int? clause, Func<AuditCommit, Task<T>> command)
    {
        if (!Chat.Created) throw DomainException.NotFound(ChatErrors.ChatNotFound, "No such chat.", Rules.Dis1);
        // DIS-1: someone who is neither a member nor an administrator of the school learns nothing and writes nothing,
        // not even a refused row into the school's audit log.
        if (!Chat.Members.ContainsKey(actor.UserId) && !(await School.GetAdministratorIds()).Contains(actor.UserId))
            throw DomainException.NotFound(ChatErrors.ChatNotFound, "No such chat.", Rules.Dis1);
        var commit = new AuditCommit(async (detail, evidence, about) =>
        {
            var record = new AuditRecord(ChatId, action, false, actor.UserId, subject ?? about, seq, clause, detail, evidence, null, Now);
            AuditOutbox.Add(record);
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // Not stored: neither the action nor its audit record happened; the activation reloads what is stored.
                Chat.AuditOutbox.RemoveAt(Chat.AuditOutbox.Count - 1);
                DeactivateOnIdle();
                throw;
            }
        });
        try
        {
            var result = await command(commit);
            await AuditOutbox.DeliverAsync();
            return result;
        }
        catch (DomainException e) when (!commit.Saved)
        {
            await AuditAsync(new AuditRecord(ChatId, action, true, actor.UserId, subject, seq, clause, $"refused: {e.Message}", null, e.Code, Now));
            throw;
        }
        catch when (commit.Saved)
        {
            // Committed, then something after it failed: its audit record is delivered (or found moot) a little later.
            AuditOutbox.DeliverLater();
            throw;
        }
    }

    /// <summary>A refused attempt's row (nothing was committed, so nothing can diverge from it).</summary>
    private async Task AuditAsync(AuditRecord record)
    {
        try
        {
            await GrainFactory.GetGrain<ISchoolAuditLog>(Chat.SchoolId).AppendRefused(record);
        }
        catch (Exception e) when (e is not DomainException)
        {
            // A refusal stays a refusal even if its audit row could not be written; the caller sees the refusal.
            logger.LogError(e, "Auditing a refused {Action} in chat {ChatId} failed", record.Action, ChatId);
        }
    }

    private StateAuditOutbox<AuditRecord> AuditOutbox =>
        auditOutbox ??= new StateAuditOutbox<AuditRecord>(this, () => Chat.AuditOutbox, r => r with { IntentId = NewId() }, DeliverAuditAsync);

    /// <summary>Appends the chat's committed audit records to the school's chain (a second append of one is a no-op).</summary>
    private async Task<bool> DeliverAuditAsync(IReadOnlyList<AuditRecord> pending)
    {
        try
        {
            foreach (var record in pending)
            {
                // A deletion's record is committed before its event: if the message is not deleted, the deletion never happened.
                if (record is { Action: "delete_message", MessageSeq: { } target } && await log.MessageAsync(ChatId, target) is { DeletedAt: null }) continue;
                await GrainFactory.GetGrain<ISchoolAuditLog>(Chat.SchoolId).Append(record);
            }

            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Chat {ChatId} could not append its moderation audit records now; it retries", ChatId);
            return false;
        }
    }

    /// <summary>Given to a moderation command: stores what it changed together with its audit record.</summary>
    private sealed class AuditCommit(Func<string, string?, string?, Task> save)
    {
        public bool Saved { get; private set; }

        /// <summary><paramref name="subject"/> when only the command knew whom the action concerned.</summary>
        public async Task SaveAsync(string detail, string? evidence = null, string? subject = null)
        {
            await save(detail, evidence, subject);
            Saved = true;
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string NewId() => Guid.NewGuid().ToString("N");
}
