namespace DistrictSferum.Contracts.Statistics;

/// <summary>
/// DIS-4: Subscribe streams as sessions. A session is recorded durably when its stream starts, so one open on a server
/// process that is killed is still counted (up to that process's last heartbeat) instead of being lost with it.
/// </summary>
public interface IStreamSessions
{
    /// <summary>Records the start; null when it could not be recorded (statistics never fail a member's stream).</summary>
    Task<StreamSession?> StartAsync(Actor actor, CancellationToken cancellationToken);

    /// <summary>Counts the session with its connected time; counting it twice changes nothing.</summary>
    Task EndAsync(StreamSession session, CancellationToken cancellationToken);
}

public sealed record StreamSession(Guid SessionId, Actor Actor, DateTimeOffset StartedAt);
