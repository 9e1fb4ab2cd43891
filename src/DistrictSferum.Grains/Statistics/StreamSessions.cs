using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Statistics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DistrictSferum.Grains.Statistics;

/// <summary>
/// DIS-4: sessions exact or bounded by design. A Subscribe stream's start is a row (stream_sessions) naming this server
/// process; the process writes a heartbeat every <see cref="StatisticsOptions.SessionHeartbeat"/>. A stream that ends
/// is counted with its connected time. A process silent for three heartbeats is dead (kill -9, power loss): every live
/// process (and a new one at its start) counts the dead one's open sessions with their time up to its last heartbeat.
/// So after a kill the session count equals the rows, and each lost duration is short by at most one heartbeat.
/// </summary>
public sealed class StreamSessions(
    NpgsqlDataSource database, IGrainFactory grains, IOptions<StatisticsOptions> options,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock, ILogger<StreamSessions> logger) : BackgroundService, IStreamSessions
{
    private static readonly TimeSpan KeepCounted = TimeSpan.FromDays(30);

    private readonly Guid processId = Guid.NewGuid();
    private int registered;

    private DateTimeOffset Now => clock.GetUtcNow();

    private TimeSpan Heartbeat => options.Value.SessionHeartbeat;

    public async Task<StreamSession?> StartAsync(Actor actor, CancellationToken cancellationToken)
    {
        try
        {
            await RegisterAsync(cancellationToken);
            var session = new StreamSession(Guid.NewGuid(), actor, Now);
            await using var command = database.CreateCommand(
                "INSERT INTO stream_sessions (session_id, user_id, process_id, started_at) VALUES (@id, @user, @process, @at)");
            command.Parameters.AddWithValue("id", session.SessionId);
            command.Parameters.AddWithValue("user", actor.UserId);
            command.Parameters.AddWithValue("process", processId);
            command.Parameters.AddWithValue("at", session.StartedAt);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return session;
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            logger.LogWarning(e, "A stream's session could not be recorded; it is not counted");
            return null;
        }
    }

    public async Task EndAsync(StreamSession session, CancellationToken cancellationToken)
    {
        // The end is stored first: should counting fail now (a grain on a dying silo), the next round counts it with
        // this exact end instead of leaving it open while this process lives.
        var ended = Now;
        await using (var end = database.CreateCommand("UPDATE stream_sessions SET ended_at = @ended WHERE session_id = @id AND ended_at IS NULL"))
        {
            end.Parameters.AddWithValue("ended", ended);
            end.Parameters.AddWithValue("id", session.SessionId);
            await end.ExecuteNonQueryAsync(cancellationToken);
        }

        await CountAsync(session.SessionId, session.Actor.UserId, session.StartedAt, ended, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time paces the heartbeat; the domain clock stamps it (like every other fact).
        using var timer = new PeriodicTimer(Heartbeat);
        do
        {
            try
            {
                await RegisterAsync(stoppingToken);
                await using (var beat = database.CreateCommand("UPDATE stream_processes SET heartbeat_at = @now WHERE process_id = @process"))
                {
                    beat.Parameters.AddWithValue("now", Now);
                    beat.Parameters.AddWithValue("process", processId);
                    await beat.ExecuteNonQueryAsync(stoppingToken);
                }

                await CountOrphansAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Stream sessions: heartbeat or orphan count failed; the next round tries again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round of counting the sessions that ended uncounted and the open ones of dead processes; returns how many.</summary>
    public async Task<int> CountOrphansAsync(CancellationToken cancellationToken)
    {
        var orphans = new List<(Guid Id, string UserId, DateTimeOffset StartedAt, DateTimeOffset LastBeat)>();
        await using (var find = database.CreateCommand("""
            SELECT s.session_id, s.user_id, s.started_at, coalesce(s.ended_at, greatest(s.started_at, coalesce(p.heartbeat_at, s.started_at)))
              FROM stream_sessions s LEFT JOIN stream_processes p ON p.process_id = s.process_id
             WHERE s.counted_at IS NULL
               AND (s.ended_at IS NOT NULL OR (s.process_id <> @me AND coalesce(p.heartbeat_at, s.started_at) < @stale))
             ORDER BY s.started_at LIMIT 500
            """))
        {
            find.Parameters.AddWithValue("me", processId);
            find.Parameters.AddWithValue("stale", Now - 3 * Heartbeat);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                orphans.Add((reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        var counted = 0;
        foreach (var o in orphans)
        {
            try
            {
                await CountAsync(o.Id, o.UserId, o.StartedAt, o.LastBeat, cancellationToken);
                counted++;
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                // One session that cannot be counted now (its member's grains unreachable) does not hold up the others.
                logger.LogWarning(e, "A session could not be counted yet; the next round tries again");
            }
        }

        if (counted > 0) logger.LogInformation("Counted {Count} sessions left uncounted (ended meanwhile, or on a process that stopped)", counted);

        await using var tidy = database.CreateCommand("""
            DELETE FROM stream_sessions WHERE counted_at < @old;
            DELETE FROM stream_processes p WHERE p.heartbeat_at < @old
               AND NOT EXISTS (SELECT 1 FROM stream_sessions s WHERE s.process_id = p.process_id AND s.counted_at IS NULL);
            """);
        tidy.Parameters.AddWithValue("old", Now - KeepCounted);
        await tidy.ExecuteNonQueryAsync(cancellationToken);
        return counted;
    }

    /// <summary>Records the session's usage (idempotent by its id), then marks it counted.</summary>
    private async Task CountAsync(Guid sessionId, string userId, DateTimeOffset startedAt, DateTimeOffset endedAt, CancellationToken cancellationToken)
    {
        await grains.GetGrain<IStatisticsGrain>(0).RecordSession(new Actor(userId), sessionId, startedAt, endedAt - startedAt);
        await using var done = database.CreateCommand(
            "UPDATE stream_sessions SET ended_at = coalesce(ended_at, @ended), counted_at = @now WHERE session_id = @id AND counted_at IS NULL");
        done.Parameters.AddWithValue("ended", endedAt);
        done.Parameters.AddWithValue("now", Now);
        done.Parameters.AddWithValue("id", sessionId);
        await done.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref registered) == 1) return;
        await using var command = database.CreateCommand("""
            INSERT INTO stream_processes (process_id, started_at, heartbeat_at) VALUES (@process, @now, @now) ON CONFLICT (process_id) DO NOTHING
            """);
        command.Parameters.AddWithValue("process", processId);
        command.Parameters.AddWithValue("now", Now);
        await command.ExecuteNonQueryAsync(cancellationToken);
        Volatile.Write(ref registered, 1);
    }
}
