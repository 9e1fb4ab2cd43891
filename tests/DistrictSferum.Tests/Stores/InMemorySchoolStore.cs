using DistrictSferum.Grains.Schools;
using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;
using DistrictSferum.Grains.Statistics;

namespace DistrictSferum.Tests.Stores;

/// <summary>
/// Schools kept in memory, for grain tests without PostgreSQL. Records are stored as serialized copies, like the
/// PostgreSQL store does, so a grain that forgets to save a change loses it here too.
/// </summary>
public sealed class InMemorySchoolStore(Serializer serializer, ISchoolHistoryStore history, IUsageRecorder usage) : ISchoolStore
{
    private readonly ConcurrentDictionary<string, Stored> schools = new(StringComparer.Ordinal);

    public Task<SchoolSnapshot?> LoadAsync(string schoolId, CancellationToken cancellationToken = default)
    {
        if (!schools.TryGetValue(schoolId, out var stored) || stored.Version == 0) return Task.FromResult<SchoolSnapshot?>(null);
        lock (stored)
        {
            return Task.FromResult<SchoolSnapshot?>(new SchoolSnapshot(
                stored.Version, Copy<SchoolCore>(stored.Core),
                stored.Members.Values.Select(Copy<MemberRecord>).ToList(), stored.Outbox.Select(Copy<SchoolOutboxEntry>).ToList()));
        }
    }

    public async Task<long> SaveAsync(string schoolId, long expectedVersion, SchoolWrite write, CancellationToken cancellationToken = default)
    {
        var version = Save(schoolId, expectedVersion, write);
        await history.AppendAsync(write.History, cancellationToken);
        return version;
    }

    private long Save(string schoolId, long expectedVersion, SchoolWrite write)
    {
        var stored = schools.GetOrAdd(schoolId, _ => new Stored());
        lock (stored)
        {
            if (stored.Version != expectedVersion)
                throw new InconsistentStateException($"School {schoolId} was saved by another activation (expected version {expectedVersion}).");
            if (write.Core is { } core) stored.Core = serializer.SerializeToArray(core);
            foreach (var m in write.Members) stored.Members[m.UserId] = serializer.SerializeToArray(m);
            foreach (var id in write.RemovedMembers) stored.Members.Remove(id);
            foreach (var i in write.Invites) stored.Invites[i.InviteId] = serializer.SerializeToArray(i);
            foreach (var r in write.Requests) stored.Requests[r.RequestId] = serializer.SerializeToArray(r);
            foreach (var id in write.RemovedRequests) stored.Requests.Remove(id);
            var outboxIds = stored.Outbox.Select(e => Copy<SchoolOutboxEntry>(e).Id).ToHashSet();
            stored.Outbox.AddRange(write.OutboxAdded.Where(e => outboxIds.Add(e.Id)).Select(e => serializer.SerializeToArray(e)));
            stored.Outbox.RemoveAll(e => write.OutboxRemoved.Contains(Copy<SchoolOutboxEntry>(e).Id));
            return ++stored.Version;
        }
    }

    public Task<ClassSnapshot> LoadClassAsync(string schoolId, string classId, CancellationToken cancellationToken = default)
    {
        var stored = schools.GetOrAdd(schoolId, _ => new Stored());
        lock (stored)
        {
            return Task.FromResult(new ClassSnapshot(
                stored.ClassVersions.GetValueOrDefault(classId),
                stored.Invites.Values.Select(Copy<InviteRecord>).Where(i => i.ClassId == classId).ToList(),
                stored.Requests.Values.Select(Copy<JoinRequestRecord>).Where(r => r.ClassId == classId).ToList()));
        }
    }

    public async Task<long> SaveClassAsync(string schoolId, string classId, long expectedVersion, ClassWrite write, CancellationToken cancellationToken = default)
    {
        var stored = schools.GetOrAdd(schoolId, _ => new Stored());
        long version;
        lock (stored)
        {
            if (stored.ClassVersions.GetValueOrDefault(classId) != expectedVersion)
                throw new InconsistentStateException($"Class {classId} of school {schoolId} was saved by another activation (expected version {expectedVersion}).");
            foreach (var i in write.Invites) stored.Invites[i.InviteId] = serializer.SerializeToArray(i);
            foreach (var r in write.Requests) stored.Requests[r.RequestId] = serializer.SerializeToArray(r);
            foreach (var id in write.RemovedRequests) stored.Requests.Remove(id);
            version = stored.ClassVersions[classId] = expectedVersion + 1;
        }

        await usage.RecordAsync(schoolId, write.Usage, cancellationToken);
        return version;
    }

    public Task<IReadOnlyList<InviteRecord>> ListInvitesAsync(string schoolId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<InviteRecord>>(Rows(schoolId, s => s.Invites.Values.Select(Copy<InviteRecord>)));

    public Task<IReadOnlyList<JoinRequestRecord>> ListRequestsAsync(string schoolId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<JoinRequestRecord>>(Rows(schoolId, s => s.Requests.Values.Select(Copy<JoinRequestRecord>)));

    public Task<InviteRecord?> FindInviteAsync(string schoolId, string inviteId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Rows(schoolId, s => s.Invites.TryGetValue(inviteId, out var i) ? [Copy<InviteRecord>(i)] : Array.Empty<InviteRecord>()).SingleOrDefault());

    public Task<JoinRequestRecord?> FindRequestAsync(string schoolId, string requestId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Rows(schoolId, s => s.Requests.TryGetValue(requestId, out var r) ? [Copy<JoinRequestRecord>(r)] : Array.Empty<JoinRequestRecord>()).SingleOrDefault());

    public Task<IReadOnlyList<string>> ClassesConcerningAsync(string schoolId, string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(Rows(schoolId, s =>
            s.Invites.Values.Select(Copy<InviteRecord>).Where(i => i.StudentId == userId).Select(i => i.ClassId)
                .Concat(s.Requests.Values.Select(Copy<JoinRequestRecord>).Where(r => r.UserId == userId || r.StudentId == userId).Select(r => r.ClassId)))
            .Distinct().ToList());

    private List<T> Rows<T>(string schoolId, Func<Stored, IEnumerable<T>> select)
    {
        if (!schools.TryGetValue(schoolId, out var stored)) return [];
        lock (stored) return select(stored).ToList();
    }

    private T Copy<T>(byte[] bytes) => serializer.Deserialize<T>(bytes)!;

    private sealed class Stored
    {
        public long Version;
        public byte[] Core = [];
        public readonly Dictionary<string, byte[]> Members = new(StringComparer.Ordinal);
        public readonly Dictionary<string, byte[]> Invites = new(StringComparer.Ordinal);
        public readonly Dictionary<string, byte[]> Requests = new(StringComparer.Ordinal);
        public readonly List<byte[]> Outbox = [];
        public readonly Dictionary<string, long> ClassVersions = new(StringComparer.Ordinal);
    }
}
