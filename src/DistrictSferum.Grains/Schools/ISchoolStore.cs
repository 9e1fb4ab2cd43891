using DistrictSferum.Contracts.Audit;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Audit;
using DistrictSferum.Grains.Chats;
using DistrictSferum.Grains.Statistics;

namespace DistrictSferum.Grains.Schools;

/// <summary>
/// Where a school's state lives (issue 15): the school-wide part as one small record, and every member, invite link,
/// pending join request and outbox entry as a row of its own, so a command writes the rows it changed, never the
/// whole school. One save is one transaction: the rows of a movement and its outbox entry commit together.
/// </summary>
public interface ISchoolStore
{
    /// <summary>The stored school, or null if none was saved under this id.</summary>
    Task<SchoolSnapshot?> LoadAsync(string schoolId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="write"/> if the school is still at <paramref name="expectedVersion"/> (0: not yet
    /// stored) and returns the new version; another writer in between is an <see cref="Orleans.Storage.InconsistentStateException"/>.
    /// </summary>
    Task<long> SaveAsync(string schoolId, long expectedVersion, SchoolWrite write, CancellationToken cancellationToken = default);

    /// <summary>A class's invite links and pending join requests (a class never saved has version 0 and none).</summary>
    Task<ClassSnapshot> LoadClassAsync(string schoolId, string classId, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="SaveAsync"/>, for one class's rows; its usage facts commit in the same transaction.</summary>
    Task<long> SaveClassAsync(string schoolId, string classId, long expectedVersion, ClassWrite write, CancellationToken cancellationToken = default);

    /// <summary>Every invite link of the school, for its administrators' list.</summary>
    Task<IReadOnlyList<InviteRecord>> ListInvitesAsync(string schoolId, CancellationToken cancellationToken = default);

    /// <summary>Every pending join request of the school, for its administrators' list.</summary>
    Task<IReadOnlyList<JoinRequestRecord>> ListRequestsAsync(string schoolId, CancellationToken cancellationToken = default);

    /// <summary>One invite link of the school, or null.</summary>
    Task<InviteRecord?> FindInviteAsync(string schoolId, string inviteId, CancellationToken cancellationToken = default);

    /// <summary>One join request of the school still held by its class, or null.</summary>
    Task<JoinRequestRecord?> FindRequestAsync(string schoolId, string requestId, CancellationToken cancellationToken = default);

    /// <summary>The classes holding a link naming <paramref name="userId"/> as the student, or a request by or for them.</summary>
    Task<IReadOnlyList<string>> ClassesConcerningAsync(string schoolId, string userId, CancellationToken cancellationToken = default);
}

/// <summary>What a class owns: its links and its join requests still waiting for a decision or an admission.</summary>
public sealed record ClassSnapshot(long Version, IReadOnlyList<InviteRecord> Invites, IReadOnlyList<JoinRequestRecord> Requests);

/// <summary>
/// One class transaction: links and requests stored or deleted, the usage facts they count (DIS-4), and the
/// admin-audit intents of the administrators' actions among them (issue 8).
/// </summary>
public sealed record ClassWrite(
    IReadOnlyList<InviteRecord> Invites,
    IReadOnlyList<JoinRequestRecord> Requests,
    IReadOnlyList<string> RemovedRequests,
    IReadOnlyList<UsageRecord> Usage,
    IReadOnlyList<AuditIntent> Audit)
{
    public bool IsEmpty => Invites.Count == 0 && Requests.Count == 0 && RemovedRequests.Count == 0 && Usage.Count == 0 && Audit.Count == 0;
}

/// <summary>The school-wide part of a school: information, registration and classes (bounded by the school's size in classes).</summary>
[GenerateSerializer, Alias("ds.SchoolCore")]
public sealed class SchoolCore
{
    [Id(0)] public bool Registered { get; set; }
    [Id(1)] public SchoolInfo Info { get; set; } = new("", "", "", SchoolRules.DefaultTimeZone, "");
    [Id(2)] public SchoolApplication? Application { get; set; }
    [Id(3)] public DateTimeOffset RegisteredAt { get; set; }
    [Id(4)] public string RegisteredBy { get; set; } = "";
    [Id(5)] public string StaffRoomId { get; set; } = "";
    [Id(6)] public Dictionary<string, ClassRecord> Classes { get; set; } = [];
    [Id(7)] public int LastRolloverYear { get; set; }
}

/// <summary>
/// A movement, a rights change, an admin-audit intent or a usage fact committed with the change that caused it and not
/// yet delivered.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.SchoolOutboxEntry")]
public sealed record SchoolOutboxEntry([property: Id(0)] Movement? Movement, [property: Id(1)] UsageRecord? Usage)
{
    /// <summary>ORG-9: delivered to the school's chats in order with the movements.</summary>
    [Id(2)] public RightsChange? Rights { get; init; }

    /// <summary>Issue 8: the admin-audit row of the action it was committed with (appended once, by its intent id).</summary>
    [Id(3)] public AdminAuditRecord? Audit { get; init; }

    /// <summary>The chain <see cref="Audit"/> goes to when not the school's own (an operator's action: the district's).</summary>
    [Id(4)] public string? AuditChain { get; init; }

    /// <summary>The new school year: what happens to class chats (archived, renamed).</summary>
    [Id(5)] public ClassChatsRollover? ClassRollover { get; init; }

    public string Id => Movement?.MovementId ?? Rights?.ChangeId ?? Audit?.IntentId ?? ClassRollover?.RolloverId ?? Usage!.EventId;

    /// <summary>Delivered in order by the school's flush (usage facts go apart, in batches).</summary>
    public bool Flushed => Movement is not null || Rights is not null || Audit is not null || ClassRollover is not null;
}

public sealed record SchoolSnapshot(
    long Version,
    SchoolCore Core,
    IReadOnlyList<MemberRecord> Members,
    IReadOnlyList<SchoolOutboxEntry> Outbox);

/// <summary>
/// One transaction's worth of rows: records to store (upserted) and ids to delete, per table, and the joins to
/// append to the school's history with them. Links and requests are written here only when a school stored the old
/// way moves into the tables; after that their classes write them.
/// </summary>
public sealed record SchoolWrite(
    SchoolCore? Core,
    IReadOnlyList<MemberRecord> Members,
    IReadOnlyList<string> RemovedMembers,
    IReadOnlyList<InviteRecord> Invites,
    IReadOnlyList<JoinRequestRecord> Requests,
    IReadOnlyList<string> RemovedRequests,
    IReadOnlyList<SchoolOutboxEntry> OutboxAdded,
    IReadOnlyList<string> OutboxRemoved,
    IReadOnlyList<Movement> History)
{
    public bool IsEmpty => Core is null && Members.Count == 0 && RemovedMembers.Count == 0 && Invites.Count == 0 &&
                           Requests.Count == 0 && RemovedRequests.Count == 0 && OutboxAdded.Count == 0 && OutboxRemoved.Count == 0 &&
                           History.Count == 0;
}
