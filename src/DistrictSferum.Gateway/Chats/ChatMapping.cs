using Google.Protobuf.WellKnownTypes;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Gateway.Services;
using Proto = DistrictSferum.Protos.V1;

namespace DistrictSferum.Gateway.Chats;

/// <summary>Wire translation for chats.</summary>
public static class ChatMapping
{

    public static Proto.Chat ToProto(this ChatView c) => new()
    {
        ChatId = c.ChatId,
        SchoolId = c.SchoolId,
        Kind = WireEnums.ChatKinds.ToWire(c.Kind),
        Title = c.Title,
        ClassId = c.ClassId ?? "",
        Subject = c.Subject ?? "",
        CreatedBy = c.CreatedBy,
        CreatedAt = c.CreatedAt.ToTimestamp(),
        ModeratorIds = { c.ModeratorIds },
        MemberCount = c.MemberCount,
        Rules = new Proto.ChatRules { Version = c.Rules.Version, Clauses = { c.Rules.Clauses }, ChangedAt = c.Rules.ChangedAt.ToTimestamp() },
        LastSeq = c.LastSeq,
        ArchivedAt = c.ArchivedAt?.ToTimestamp(),
    };

    public static Proto.ChatEvent ToProto(this ChatEvent e) => new()
    {
        ChatId = e.ChatId,
        Seq = e.Seq,
        Kind = WireEnums.ChatEventKinds.ToWire(e.Kind),
        ActorId = e.ActorId,
        At = e.At.ToTimestamp(),
        Body = e.Body ?? "",
        TargetSeq = e.TargetSeq ?? 0,
        ReplyTo = e.ReplyTo ?? 0,
        Mentions = { e.Mentions ?? [] },
        SubjectUserId = e.SubjectUserId ?? "",
        ClientKey = e.ClientKey ?? "",
        PollId = e.PollId ?? "",
        PollCounts = { e.PollCounts ?? [] },
        AttachmentIds = { e.Attachments ?? [] },
    };

    public static Proto.Message ToProto(this ChatMessage m)
    {
        var message = new Proto.Message
        {
            ChatId = m.ChatId,
            Seq = m.Seq,
            AuthorId = m.AuthorId,
            Body = m.Body ?? "",
            ReplyTo = m.ReplyTo ?? 0,
            Mentions = { m.Mentions },
            At = m.At.ToTimestamp(),
            DeletedBy = m.DeletedBy ?? "",
            AttachmentIds = { m.Attachments ?? [] },
        };
        if (m.EditedAt is { } edited) message.EditedAt = edited.ToTimestamp();
        if (m.DeletedAt is { } deleted) message.DeletedAt = deleted.ToTimestamp();
        return message;
    }

    public static Proto.SendMessageResponse ToProto(this SendAck ack) => new()
    {
        ChatId = ack.ChatId,
        Seq = ack.Seq,
        At = ack.At.ToTimestamp(),
        Duplicate = ack.Duplicate,
    };

    public static Proto.ChatPosition ToProto(this ChatCursor c) => new() { ChatId = c.ChatId, LastSeq = c.LastSeq, ReadSeq = c.ReadSeq };

    public static Proto.Violation ToProto(this Contracts.Moderation.Violation v) => new()
    {
        ViolationId = v.ViolationId,
        ChatId = v.ChatId,
        MemberId = v.MemberId,
        Clause = v.Clause,
        ClauseText = v.ClauseText,
        MessageSeq = v.MessageSeq,
        ModeratorId = v.ModeratorId,
        At = v.At.ToTimestamp(),
        CitedByBlockId = v.CitedByBlockId ?? "",
    };

    public static Proto.Block ToProto(this Contracts.Moderation.Block b)
    {
        var block = new Proto.Block
        {
            BlockId = b.BlockId,
            ChatId = b.ChatId,
            MemberId = b.MemberId,
            ModeratorId = b.ModeratorId,
            From = b.From.ToTimestamp(),
            Until = b.Until.ToTimestamp(),
            ViolationIds = { b.ViolationIds },
            ApologySeq = b.ApologySeq ?? 0,
            ObjectorIds = { b.ObjectorIds },
            EndedBy = b.EndedBy ?? "",
        };
        if (b.ApologyAt is { } apologyAt) block.ApologyAt = apologyAt.ToTimestamp();
        if (b.ObjectionDeadline is { } deadline) block.ObjectionDeadline = deadline.ToTimestamp();
        if (b.EndedAt is { } endedAt) block.EndedAt = endedAt.ToTimestamp();
        return block;
    }

    public static Proto.Sanctions ToProto(this Contracts.Moderation.Sanctions s)
    {
        var sanctions = new Proto.Sanctions { Violations = { s.Violations.Select(v => v.ToProto()) } };
        if (s.ActiveBlock is { } block) sanctions.ActiveBlock = block.ToProto();
        foreach (var (seq, text) in s.Evidence) sanctions.Evidence[seq] = text;
        return sanctions;
    }

    public static Proto.Report ToProto(this Contracts.Moderation.Report r) => new()
    {
        ReportId = r.ReportId,
        ChatId = r.ChatId,
        ReporterId = r.ReporterId,
        MessageSeq = r.MessageSeq,
        Reason = r.Reason,
        At = r.At.ToTimestamp(),
        ResolvedBy = r.ResolvedBy ?? "",
    };

    public static Proto.AuditEntry ToProto(this Contracts.Moderation.AuditEntry e) => new()
    {
        SchoolId = e.SchoolId,
        Seq = e.Seq,
        ChatId = e.ChatId,
        Action = e.Action,
        Refused = e.Refused,
        ActorId = e.ActorId,
        SubjectUserId = e.SubjectUserId ?? "",
        MessageSeq = e.MessageSeq ?? 0,
        Clause = e.Clause ?? 0,
        Detail = e.Detail,
        Evidence = e.Evidence ?? "",
        ErrorCode = e.ErrorCode ?? "",
        At = e.At.ToTimestamp(),
        Hash = e.Hash,
        KeyId = e.KeyId,
    };
}
