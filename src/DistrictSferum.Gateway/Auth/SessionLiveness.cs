using System.Collections.Concurrent;
using System.Diagnostics;
using DistrictSferum.Contracts.Identity;
using Microsoft.Extensions.Configuration;

namespace DistrictSferum.Gateway.Auth;

/// <summary>
/// This silo's view of which sessions are alive. An answer is trusted for <see cref="CheckInterval"/> (1 s by
/// default), then the session's grain, the one authority of the cluster, is asked again; so a revocation made on
/// any silo is felt here within that interval. A dead session stays dead (revocation is final). Concurrent
/// callers of one session share one grain call.
/// </summary>
public sealed class SessionLiveness(IGrainFactory grains, IConfiguration configuration)
{
    private readonly ConcurrentDictionary<string, Entry> entries = new();

    public TimeSpan CheckInterval { get; } = configuration.GetValue("Identity:Sessions:CheckInterval", TimeSpan.FromSeconds(1));

    public ValueTask<bool> IsAliveAsync(string userId, string sessionId)
    {
        if (entries.TryGetValue(sessionId, out var entry))
        {
            if (!entry.Alive) return ValueTask.FromResult(false);
            if (entry.Pending is not null) return new ValueTask<bool>(Complete(sessionId, entry));
            if (Stopwatch.GetElapsedTime(entry.CheckedAt) < CheckInterval) return ValueTask.FromResult(true);
        }

        return new ValueTask<bool>(AskAsync(userId, sessionId));
    }

    /// <summary>A revocation made through this silo is felt here at once.</summary>
    public void Forget(string sessionId) => entries[sessionId] = new Entry(false, Stopwatch.GetTimestamp(), null);

    private Task<bool> AskAsync(string userId, string sessionId)
    {
        // One question in flight per session: the first caller asks, the others await its answer.
        var mine = new Entry(true, 0, new Lazy<Task<bool>>(() => grains.GetGrain<IUserSessionsGrain>(userId).IsAlive(sessionId)));
        var current = entries.AddOrUpdate(sessionId, mine, (_, old) => old.Pending is not null || !old.Alive ? old : mine);
        if (!current.Alive) return Task.FromResult(false);
        return current.Pending is null ? Task.FromResult(true) : Complete(sessionId, current);
    }

    private async Task<bool> Complete(string sessionId, Entry asking)
    {
        bool alive;
        try
        {
            alive = await asking.Pending!.Value;
        }
        catch
        {
            entries.TryUpdate(sessionId, new Entry(true, 0, null), asking);
            throw;
        }

        entries.TryUpdate(sessionId, new Entry(alive, Stopwatch.GetTimestamp(), null), asking);
        // Bounded: sessions not asked about for a while are dropped by the next sweep.
        if (entries.Count > 100_000) Sweep();
        return alive;
    }

    private void Sweep()
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var (id, e) in entries)
            if (e.Pending is null && Stopwatch.GetElapsedTime(e.CheckedAt, now) > TimeSpan.FromMinutes(1)) entries.TryRemove(id, out _);
    }

    private sealed record Entry(bool Alive, long CheckedAt, Lazy<Task<bool>>? Pending);
}
