using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace DistrictSferum.Grains.Schools;

/// <summary>
/// Schools kept in memory, for grain tests without PostgreSQL. Records are stored as serialized copies, like the
/// PostgreSQL store does, so a grain that forgets to save a change loses it here too.
/// </summary>
public sealed class InMemorySchoolStore(Serializer serializer, ISchoolHistoryStore history) : ISchoolStore
{
    private readonly ConcurrentDictionary<string, Stored> schools = new(StringComparer.Ordinal);

    public Task<SchoolSnapshot?> LoadAsync(string schoolId, CancellationToken cancellationToken = default)
    {
        if (!schools.TryGetValue(schoolId, out var stored)) return Task.FromResult<SchoolSnapshot?>(null);
        lock (stored)
        {
            return Task.FromResult<SchoolSnapshot?>(new SchoolSnapshot(
                stored.Version, Copy<SchoolCore>(stored.Core),
                stored.Members.Values.Select(Copy<MemberRecord>).ToList(), stored.Invites.Values.Select(Copy<InviteRecord>).ToList(),
                stored.Requests.Values.Select(Copy<JoinRequestRecord>).ToList(), stored.Outbox.Select(Copy<SchoolOutboxEntry>).ToList()));
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

    private T Copy<T>(byte[] bytes) => serializer.Deserialize<T>(bytes)!;

    private sealed class Stored
    {
        public long Version;
        public byte[] Core = [];
        public readonly Dictionary<string, byte[]> Members = new(StringComparer.Ordinal);
        public readonly Dictionary<string, byte[]> Invites = new(StringComparer.Ordinal);
        public readonly Dictionary<string, byte[]> Requests = new(StringComparer.Ordinal);
        public readonly List<byte[]> Outbox = [];
    }
}
