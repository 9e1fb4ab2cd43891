using DistrictSferum.Grains.Audit;

namespace DistrictSferum.Grains.Identity.Sessions;

/// <summary>Where sessions live (PostgreSQL in a server; in memory for grain tests).</summary>
public interface ISessionStore
{
    /// <summary>The account's sessions that were not revoked (expired ones included; the rules judge them).</summary>
    Task<IReadOnlyList<SessionRecord>> LoadAsync(string userId, CancellationToken cancellationToken = default);

    Task InsertAsync(SessionRecord session, CancellationToken cancellationToken = default);

    /// <summary>Stores the rotated token; false when the generation moved meanwhile (nothing written).</summary>
    Task<bool> RotateAsync(SessionRecord rotated, int previousGeneration, CancellationToken cancellationToken = default);

    /// <summary>Revokes the sessions and stores <paramref name="audit"/> (issue 8) in the same transaction.</summary>
    Task RevokeAsync(IReadOnlyCollection<string> sessionIds, DateTimeOffset at, string reason, AuditIntent? audit = null, CancellationToken cancellationToken = default);
}

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
