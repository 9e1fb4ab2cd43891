namespace DistrictSferum.Contracts.Moderation;

/// <summary>ETH-5: a reminder of a rule clause about one message records a violation.</summary>
[GenerateSerializer, Immutable, Alias("ds.Violation")]
public sealed record Violation(
    [property: Id(0)] string ViolationId,
    [property: Id(1)] string ChatId,
    [property: Id(2)] string MemberId,
    [property: Id(3)] int Clause,
    [property: Id(4)] string ClauseText,
    [property: Id(5)] long MessageSeq,
    [property: Id(6)] string ModeratorId,
    [property: Id(7)] DateTimeOffset At,
    [property: Id(8)] string? CitedByBlockId);

/// <summary>ETH-6: a block of at most a month, citing more than three violations; ETH-7: apology and objections.</summary>
[GenerateSerializer, Immutable, Alias("ds.Block")]
public sealed record Block(
    [property: Id(0)] string BlockId,
    [property: Id(1)] string ChatId,
    [property: Id(2)] string MemberId,
    [property: Id(3)] string ModeratorId,
    [property: Id(4)] DateTimeOffset From,
    [property: Id(5)] DateTimeOffset Until,
    [property: Id(6)] IReadOnlyList<string> ViolationIds,
    [property: Id(7)] long? ApologySeq,
    [property: Id(8)] DateTimeOffset? ApologyAt,
    [property: Id(9)] DateTimeOffset? ObjectionDeadline,
    [property: Id(10)] IReadOnlyList<string> ObjectorIds,
    [property: Id(11)] DateTimeOffset? EndedAt,
    [property: Id(12)] string? EndedBy);

/// <summary>Due process: what a sanctioned member sees — the rules broken, the evidence, the duration, who decided.</summary>
[GenerateSerializer, Immutable, Alias("ds.Sanctions")]
public sealed record Sanctions(
    [property: Id(0)] IReadOnlyList<Violation> Violations,
    [property: Id(1)] Block? ActiveBlock,
    [property: Id(2)] IReadOnlyDictionary<long, string> Evidence);

/// <summary>A member's report of a message to the chat's moderators.</summary>
[GenerateSerializer, Immutable, Alias("ds.Report")]
public sealed record Report(
    [property: Id(0)] string ReportId,
    [property: Id(1)] string ChatId,
    [property: Id(2)] string ReporterId,
    [property: Id(3)] long MessageSeq,
    [property: Id(4)] string Reason,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] string? ResolvedBy);

/// <summary>
/// ORG-16: one row of a school's moderation audit log — every moderation action and every refused attempt.
/// <see cref="Hash"/> covers the row and the previous row's hash, so editing history breaks the chain.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] string SchoolId,
    [property: Id(1)] long Seq,
    [property: Id(2)] string ChatId,
    [property: Id(3)] string Action,
    [property: Id(4)] bool Refused,
    [property: Id(5)] string ActorId,
    [property: Id(6)] string? SubjectUserId,
    [property: Id(7)] long? MessageSeq,
    [property: Id(8)] int? Clause,
    [property: Id(9)] string Detail,
    [property: Id(10)] string? Evidence,
    [property: Id(11)] string? ErrorCode,
    [property: Id(12)] DateTimeOffset At,
    [property: Id(13)] string Hash)
{
    /// <summary>The id of the chain key the row was hashed with (Audit:ChainKeyId), so old keys verify old rows.</summary>
    [Id(14)] public string KeyId { get; init; } = "1";
}

/// <summary>What to append: the audit grain numbers, chains and stores it.</summary>
[GenerateSerializer, Immutable, Alias("ds.AuditRecord")]
public sealed record AuditRecord(
    [property: Id(0)] string ChatId,
    [property: Id(1)] string Action,
    [property: Id(2)] bool Refused,
    [property: Id(3)] string ActorId,
    [property: Id(4)] string? SubjectUserId,
    [property: Id(5)] long? MessageSeq,
    [property: Id(6)] int? Clause,
    [property: Id(7)] string Detail,
    [property: Id(8)] string? Evidence,
    [property: Id(9)] string? ErrorCode,
    [property: Id(10)] DateTimeOffset At)
{
    /// <summary>Issue 9: set when the record was committed with its action (the chat's outbox); a second append of it is a no-op.</summary>
    [Id(11)] public string? IntentId { get; init; }
}

[GenerateSerializer, Immutable, Alias("ds.AuditQuery")]
public sealed record AuditQuery(
    [property: Id(0)] string? ChatId,
    [property: Id(1)] string? MemberId,
    [property: Id(2)] string? ModeratorId,
    [property: Id(3)] DateTimeOffset? From,
    [property: Id(4)] DateTimeOffset? To);

/// <summary>The result of re-deriving a school's audit chain: intact, or the first row that does not match.</summary>
[GenerateSerializer, Immutable, Alias("ds.AuditVerification")]
public sealed record AuditVerification([property: Id(0)] bool Intact, [property: Id(1)] long RowsChecked, [property: Id(2)] long? FirstBrokenSeq);
