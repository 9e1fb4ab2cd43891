namespace DistrictSferum.Grains.Statistics;

/// <summary>A durable usage fact from a grain's outbox (the user id is turned into a member key on write).</summary>
[GenerateSerializer, Immutable, Alias("ds.UsageRecord")]
public sealed record UsageRecord(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Kind,
    [property: Id(2)] string UserId,
    [property: Id(3)] string? ClassId,
    [property: Id(4)] string? ChatKind,
    [property: Id(5)] string? Role,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] double Seconds = 0);

/// <summary>Writes durable usage facts; a retried write of the same event id is a no-op.</summary>
public interface IUsageRecorder
{
    Task RecordAsync(string schoolId, IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken = default);
}

public sealed record ChatLogRow(long Seq, int Kind, string ActorId, DateTimeOffset At, string? SubjectUserId);

public sealed record MovementRow(long Seq, int Kind, string UserId, string? FromClassId, string? ToClassId, DateTimeOffset At, DateTimeOffset RecordedAt);

public sealed record AuditRow(long Seq, string ChatId, string Action, bool Refused, string ActorId, string? SubjectUserId, DateTimeOffset At);

public sealed record EventRow(long Seq, string Kind, string? ClassId, string? ChatKind, string? Role, byte[] Member, double Seconds, DateTimeOffset At, DateTimeOffset RecordedAt);

/// <summary>How far a school's aggregator has read one source.</summary>
public sealed record Checkpoint(string Source, string Key, long Position, DateTimeOffset? PendingAt = null, byte[]? PendingMember = null);

public sealed record ReplySample(DateTimeOffset At, double Seconds, byte[] Member);

/// <summary>A stored cell as the query side reads it.</summary>
public sealed record StoredCell(
    DateTimeOffset BucketStart, string SchoolId, string ClassKey, string ClassName, int Grade, string ChatKind, string Role,
    string Kind, long Count, double Seconds, int Members);

/// <summary>Which grouping a query reads: each dimension either broken down or "all".</summary>
public sealed record CellSelection(
    char Bucket, DateTimeOffset From, DateTimeOffset To, string? SchoolId, bool BySchool, ClassLevel Class, bool ByChatKind, bool ByRole,
    IReadOnlyList<string> Kinds);

public enum ClassLevel
{
    All,
    Class,
    Grade,
}
