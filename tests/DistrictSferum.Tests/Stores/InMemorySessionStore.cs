using DistrictSferum.Grains.Audit;
using DistrictSferum.Grains.Identity.Sessions;

namespace DistrictSferum.Tests.Stores;

/// <summary>Sessions in memory: for grain tests.</summary>
public sealed class InMemorySessionStore : ISessionStore
{
    private readonly Dictionary<string, SessionRecord> rows = [];

    public Task<IReadOnlyList<SessionRecord>> LoadAsync(string userId, CancellationToken cancellationToken = default)
    {
        lock (rows) return Task.FromResult<IReadOnlyList<SessionRecord>>(rows.Values.Where(r => r.UserId == userId && r.RevokedAt is null).ToList());
    }

    public Task InsertAsync(SessionRecord session, CancellationToken cancellationToken = default)
    {
        lock (rows) rows.Add(session.SessionId, session);
        return Task.CompletedTask;
    }

    public Task<bool> RotateAsync(SessionRecord rotated, int previousGeneration, CancellationToken cancellationToken = default)
    {
        lock (rows)
        {
            if (!rows.TryGetValue(rotated.SessionId, out var row) || row.Generation != previousGeneration || row.RevokedAt is not null) return Task.FromResult(false);
            rows[rotated.SessionId] = rotated;
            return Task.FromResult(true);
        }
    }

    public Task RevokeAsync(IReadOnlyCollection<string> sessionIds, DateTimeOffset at, string reason, AuditIntent? audit = null, CancellationToken cancellationToken = default)
    {
        lock (rows)
        {
            foreach (var id in sessionIds)
                if (rows.TryGetValue(id, out var row) && row.RevokedAt is null) rows[id] = row with { RevokedAt = at, RevokeReason = reason };
        }

        return Task.CompletedTask;
    }
}
