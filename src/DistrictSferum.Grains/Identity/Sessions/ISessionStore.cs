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
