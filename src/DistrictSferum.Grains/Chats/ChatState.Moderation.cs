using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Moderation;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Common;
using DistrictSferum.Contracts.Chats;

namespace DistrictSferum.Grains.Chats;

/// <summary>
/// The ethics rules of moderation (ETH-2, ETH-5 to ETH-8), machine-checked: violations are recorded by
/// reminders, a block needs more than three unused violations and lasts at most a calendar month, an early
/// unblock needs an apology and an objection window without objection. There is no other way to sanction.
/// </summary>
public sealed partial class ChatState
{
    public const int BlockThreshold = 3;
    public const int MaxReason = 500;

    /// <summary>Issue 9, bounded state (README "Limits of a chat's state").</summary>
    public const int MaxViolationsPerMember = 50;
    public const int MaxOpenReportsPerMember = 20;
    public const int MaxResolvedReports = 200;

    [Id(13)] public List<ViolationRecord> Violations { get; set; } = [];
    [Id(14)] public Dictionary<string, BlockRecord> Blocks { get; set; } = [];
    [Id(15)] public List<ReportRecord> Reports { get; set; } = [];

    /// <summary>Issue 9: moderation audit records committed with their actions and not yet appended to the school's chain.</summary>
    [Id(21)] public List<Contracts.Moderation.AuditRecord> AuditOutbox { get; set; } = [];

    /// <summary>ETH-2: moderators (or an administrator of the school) appoint verified teachers who are members.</summary>
    public void AppointModerator(string actorId, bool actorIsAdministrator, MemberView? candidate)
    {
        if (Kind == ChatKind.Personal) throw DomainException.Denied(ChatErrors.NotModerator, "A personal conversation has no moderators.", Rules.Chat10);
        if (!actorIsAdministrator) RequireModerator(actorId, Rules.Eth2);
        if (candidate is null || !Members.ContainsKey(candidate.UserId))
            throw DomainException.Precondition(ChatErrors.NotAMember, "A moderator is appointed from the chat's members.", Rules.Eth2);
        if ((candidate.Roles & SchoolRoles.Teacher) == 0 || !candidate.VerifiedTeacher)
            throw DomainException.Precondition(ChatErrors.NotVerifiedTeacher, "Moderators are verified teachers of the school.", Rules.Eth2);
        if (!ModeratorIds.Contains(candidate.UserId)) ModeratorIds.Add(candidate.UserId);
    }

    public string ClauseText(int clause, string ruleId) =>
        clause >= 1 && clause <= RuleSet.Clauses.Count
            ? RuleSet.Clauses[clause - 1]
            : throw DomainException.InvalidField("clause", ChatErrors.ClauseInvalid, $"The chat's rules have clauses 1 to {RuleSet.Clauses.Count}.", ruleId);

    /// <summary>ETH-5: a reminder of a clause about one of the member's messages records a violation.</summary>
    public ViolationRecord Remind(string moderatorId, string authorId, long seq, int clause, string violationId, DateTimeOffset now)
    {
        RequireModerator(moderatorId, Rules.Eth5);
        var text = ClauseText(clause, Rules.Eth5);
        if (!Members.ContainsKey(authorId))
            throw DomainException.Precondition(ChatErrors.AuthorNotMember, "The message's author is no longer a member.", Rules.Eth5);
        if (Violations.Any(v => v.MessageSeq == seq && v.Clause == clause))
            throw DomainException.Exists(ChatErrors.AlreadyReminded, "This message was already cited for that clause.", Rules.Eth5);
        // Issue 9, bounded state: a member keeps at most MaxViolationsPerMember; the oldest already cited by a block goes
        // first (its reminder stays in the audit log); all of them uncited, a block must cite them first.
        var theirs = Violations.Where(v => v.MemberId == authorId).ToList();
        if (theirs.Count >= MaxViolationsPerMember)
        {
            var oldestCited = theirs.FirstOrDefault(v => v.BlockId is not null)
                ?? throw DomainException.Precondition(ChatErrors.TooManyViolations,
                    $"This member has {MaxViolationsPerMember} recorded violations not yet cited by a block; a block cites them first.", Rules.Eth6);
            Violations.Remove(oldestCited);
        }

        var violation = new ViolationRecord
        {
            ViolationId = violationId,
            MemberId = authorId,
            Clause = clause,
            ClauseText = text,
            MessageSeq = seq,
            ModeratorId = moderatorId,
            At = now,
        };
        Violations.Add(violation);
        return violation;
    }

    /// <summary>
    /// ETH-6, ETH-8: a block cites more than three of the member's violations not cited before, and ends within a
    /// calendar month. Nothing else can block or remove a member.
    /// </summary>
    public BlockRecord Block(string moderatorId, string memberId, IReadOnlyList<string> violationIds, DateTimeOffset until, string blockId, DateTimeOffset now)
    {
        RequireModerator(moderatorId, Rules.Eth6);
        if (!Members.ContainsKey(memberId)) throw DomainException.NotFound(CommonErrors.MemberNotFound, "No such member of this chat.", Rules.Eth6);
        if (ModeratorIds.Contains(memberId))
            throw DomainException.Precondition(ChatErrors.ModeratorNotBlockable, "A moderator is not blocked; an administrator handles that.", Rules.Eth8);
        if (IsBlocked(memberId, now)) throw DomainException.Precondition(ChatErrors.AlreadyBlocked, "The member is already blocked.", Rules.Eth6);
        var cited = (violationIds ?? []).Distinct().ToList();
        if (cited.Count == 0)
            throw DomainException.InvalidField("violation_ids", ChatErrors.ViolationsRequired, "A block cites the recorded violations it is for; there is no block for other reasons.", Rules.Eth8);
        var records = cited.Select(id => Violations.FirstOrDefault(v => v.ViolationId == id)).ToList();
        if (records.Any(v => v is null || v.MemberId != memberId || v.BlockId is not null))
            throw DomainException.Precondition(ChatErrors.ViolationNotCitable, "Each cited violation must be this member's and not cited by an earlier block.", Rules.Eth6);
        if (cited.Count <= BlockThreshold)
            throw DomainException.Precondition(ChatErrors.NotEnoughViolations, "A block needs more than three recorded violations since the last block.", Rules.Eth6);
        if (until <= now) throw DomainException.InvalidField("until", ChatErrors.BlockEndInvalid, "A block ends in the future.", Rules.Eth6);
        if (until > now.AddMonths(1)) throw DomainException.InvalidField("until", ChatErrors.BlockTooLong, "A block lasts at most one month.", Rules.Eth6);

        foreach (var v in records) v!.BlockId = blockId;
        var block = new BlockRecord { BlockId = blockId, MemberId = memberId, ModeratorId = moderatorId, From = now, Until = until, ViolationIds = cited };
        Blocks[memberId] = block;
        return block;
    }

    public bool IsBlocked(string memberId, DateTimeOffset now) => Blocks.TryGetValue(memberId, out var b) && b.Until > now;

    /// <summary>ETH-6: a blocked member reads but posts nothing, except one apology (ETH-7).</summary>
    public void EnsureMayPost(string memberId, bool apology, DateTimeOffset now)
    {
        if (!IsBlocked(memberId, now))
        {
            if (apology) throw DomainException.InvalidField("apology", ChatErrors.ApologyNotExpected, "Only a blocked member posts an apology.", Rules.Eth7);
            return;
        }

        if (!apology) throw DomainException.Denied(ChatErrors.MemberBlocked, "You are blocked in this chat; you may post one apology.", Rules.Eth6);
        if (Blocks[memberId].ApologySeq is not null)
            throw DomainException.Precondition(ChatErrors.ApologyAlreadyPosted, "You have already apologised; members may object until the window closes.", Rules.Eth7);
    }

    public BlockRecord RecordApology(string memberId, long seq, DateTimeOffset now, TimeSpan objectionWindow)
    {
        var block = Blocks[memberId];
        block.ApologySeq = seq;
        block.ApologyAt = now;
        block.ObjectionDeadline = now + objectionWindow;
        return block;
    }

    /// <summary>ETH-7: within the window, any member may object to ending the block early.</summary>
    public BlockRecord Object(string objectorId, string memberId, DateTimeOffset now)
    {
        RequireMember(objectorId);
        if (objectorId == memberId) throw DomainException.InvalidField("user_id", ChatErrors.OwnBlock, "One does not object to one's own unblock.", Rules.Eth7);
        if (!IsBlocked(memberId, now)) throw DomainException.Precondition(ChatErrors.NotBlocked, "That member is not blocked.", Rules.Eth7);
        var block = Blocks[memberId];
        if (block.ObjectionDeadline is not { } deadline)
            throw DomainException.Precondition(ChatErrors.NoApology, "The member has not apologised; there is nothing to object to yet.", Rules.Eth7);
        if (now >= deadline) throw DomainException.Precondition(ChatErrors.ObjectionWindowClosed, "The time to object has passed.", Rules.Eth7);
        if (!block.ObjectorIds.Contains(objectorId)) block.ObjectorIds.Add(objectorId);
        return block;
    }

    /// <summary>ETH-7: a moderator ends a block early only after an apology and a whole window without objection.</summary>
    public BlockRecord UnblockEarly(string moderatorId, string memberId, DateTimeOffset now)
    {
        RequireModerator(moderatorId, Rules.Eth7);
        if (!IsBlocked(memberId, now)) throw DomainException.Precondition(ChatErrors.NotBlocked, "That member is not blocked.", Rules.Eth7);
        var block = Blocks[memberId];
        if (block.ApologySeq is null) throw DomainException.Precondition(ChatErrors.NoApology, "An early unblock needs the member's apology first.", Rules.Eth7);
        if (block.ObjectorIds.Count > 0) throw DomainException.Precondition(ChatErrors.Objected, "A member objected; the block runs its course.", Rules.Eth7);
        if (now < block.ObjectionDeadline)
            throw DomainException.Precondition(ChatErrors.ObjectionWindowOpen, "Members may still object until the window closes.", Rules.Eth7);
        Blocks.Remove(memberId);
        block.EndedAt = now;
        block.EndedBy = moderatorId;
        return block;
    }

    /// <summary>Blocks whose end has come (evaluated on access, so a lost timer changes nothing).</summary>
    public IReadOnlyList<BlockRecord> EndExpiredBlocks(DateTimeOffset now)
    {
        var ended = Blocks.Values.Where(b => b.Until <= now).ToList();
        foreach (var b in ended)
        {
            Blocks.Remove(b.MemberId);
            b.EndedAt = b.Until;
        }

        return ended;
    }

    /// <summary>Blocks whose objection window closed with no objection, not yet announced to the moderators.</summary>
    public IReadOnlyList<BlockRecord> DueUnblockNotices(DateTimeOffset now)
    {
        var due = Blocks.Values.Where(b => b.ObjectionDeadline <= now && b.ObjectorIds.Count == 0 && !b.NoticeSent).ToList();
        foreach (var b in due) b.NoticeSent = true;
        return due;
    }

    /// <summary>
    /// A member reports a message. Issue 9, bounded state: one report per (reporter, message) — a repeat answers the
    /// first (<paramref name="isNew"/> false, nothing changes) — and at most <see cref="MaxOpenReportsPerMember"/> open
    /// reports per reporter.
    /// </summary>
    public ReportRecord Report(string reporterId, long seq, string reason, string reportId, DateTimeOffset now, out bool isNew)
    {
        RequireMember(reporterId);
        var checkedReason = TextRules.Required(reason, "reason", MaxReason, Rules.Eth2);
        isNew = false;
        if (Reports.FirstOrDefault(r => r.ReporterId == reporterId && r.MessageSeq == seq) is { } earlier) return earlier;
        if (Reports.Count(r => r.ReporterId == reporterId && r.ResolvedBy is null) >= MaxOpenReportsPerMember)
            throw DomainException.Precondition(ChatErrors.TooManyOpenReports,
                $"You have {MaxOpenReportsPerMember} reports the moderators have not resolved yet; report more once they have.", Rules.Eth2);
        var report = new ReportRecord { ReportId = reportId, ReporterId = reporterId, MessageSeq = seq, Reason = checkedReason, At = now };
        Reports.Add(report);
        isNew = true;
        return report;
    }

    /// <summary>Resolves a report; resolved reports beyond <see cref="MaxResolvedReports"/> leave the state oldest first (both rows stay in the audit log).</summary>
    public ReportRecord ResolveReport(string moderatorId, string reportId)
    {
        RequireModerator(moderatorId, Rules.Eth2);
        var report = Reports.FirstOrDefault(r => r.ReportId == reportId)
            ?? throw DomainException.NotFound(ChatErrors.ReportNotFound, "No such report.", Rules.Eth2);
        report.ResolvedBy ??= moderatorId;
        var resolved = Reports.Where(r => r.ResolvedBy is not null).ToList();
        foreach (var old in resolved.Take(Math.Max(0, resolved.Count - MaxResolvedReports)).Where(r => r != report)) Reports.Remove(old);
        return report;
    }

    public Violation View(ViolationRecord v, string chatId) =>
        new(v.ViolationId, chatId, v.MemberId, v.Clause, v.ClauseText, v.MessageSeq, v.ModeratorId, v.At, v.BlockId);

    public static Block View(BlockRecord b, string chatId) => new(
        b.BlockId, chatId, b.MemberId, b.ModeratorId, b.From, b.Until, b.ViolationIds.ToList(), b.ApologySeq, b.ApologyAt,
        b.ObjectionDeadline, b.ObjectorIds.ToList(), b.EndedAt, b.EndedBy);

    public static Report View(ReportRecord r, string chatId) => new(r.ReportId, chatId, r.ReporterId, r.MessageSeq, r.Reason, r.At, r.ResolvedBy);
}

[GenerateSerializer, Alias("ds.ViolationRecord")]
public sealed class ViolationRecord
{
    [Id(0)] public string ViolationId { get; set; } = "";
    [Id(1)] public string MemberId { get; set; } = "";
    [Id(2)] public int Clause { get; set; }
    [Id(3)] public string ClauseText { get; set; } = "";
    [Id(4)] public long MessageSeq { get; set; }
    [Id(5)] public string ModeratorId { get; set; } = "";
    [Id(6)] public DateTimeOffset At { get; set; }
    [Id(7)] public string? BlockId { get; set; }
}

[GenerateSerializer, Alias("ds.BlockRecord")]
public sealed class BlockRecord
{
    [Id(0)] public string BlockId { get; set; } = "";
    [Id(1)] public string MemberId { get; set; } = "";
    [Id(2)] public string ModeratorId { get; set; } = "";
    [Id(3)] public DateTimeOffset From { get; set; }
    [Id(4)] public DateTimeOffset Until { get; set; }
    [Id(5)] public List<string> ViolationIds { get; set; } = [];
    [Id(6)] public long? ApologySeq { get; set; }
    [Id(7)] public DateTimeOffset? ApologyAt { get; set; }
    [Id(8)] public DateTimeOffset? ObjectionDeadline { get; set; }
    [Id(9)] public List<string> ObjectorIds { get; set; } = [];
    [Id(10)] public bool NoticeSent { get; set; }
    [Id(11)] public DateTimeOffset? EndedAt { get; set; }
    [Id(12)] public string? EndedBy { get; set; }
}

[GenerateSerializer, Alias("ds.ReportRecord")]
public sealed class ReportRecord
{
    [Id(0)] public string ReportId { get; set; } = "";
    [Id(1)] public string ReporterId { get; set; } = "";
    [Id(2)] public long MessageSeq { get; set; }
    [Id(3)] public string Reason { get; set; } = "";
    [Id(4)] public DateTimeOffset At { get; set; }
    [Id(5)] public string? ResolvedBy { get; set; }
}
