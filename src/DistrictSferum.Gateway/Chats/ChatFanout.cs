using System.Collections.Concurrent;
using System.Threading.Channels;
using DistrictSferum.Contracts.Chats;
using Microsoft.Extensions.Logging;

namespace DistrictSferum.Gateway.Chats;

/// <summary>
/// This silo's listeners per stream (DESIGN §5): the first listener of a chat (or a school's moderation audit)
/// starts its relay grain on this silo, the one stream subscription here; what it delivers is handed to every
/// open gRPC stream following it; the last listener to leave stops it.
/// </summary>
public sealed class ChatFanout(IGrainFactory grains, ILocalSiloDetails silo, ILogger<ChatFanout> logger) : IChatEventSink
{
    private readonly ConcurrentDictionary<string, Hub> hubs = new();
    private long generations;

    /// <summary>Streams with a live subscription on this silo.</summary>
    public int SubscribedChats => hubs.Count;

    public async Task<IAsyncDisposable> ListenAsync(string streamNamespace, string key, ChannelWriter<object> listener)
    {
        var hubKey = streamNamespace + "|" + key;
        while (true)
        {
            var hub = hubs.GetOrAdd(hubKey, id => new Hub(id, Interlocked.Increment(ref generations)));
            Task started;
            lock (hub)
            {
                if (hub.Closed) continue;
                hub.Listeners = [.. hub.Listeners, listener];
                started = hub.Started ??= Relay(hubKey).Start(hub.Generation);
            }

            try
            {
                await started;
            }
            catch
            {
                // A relay that failed to start is not kept: the next listener starts afresh.
                lock (hub)
                {
                    hub.Closed = true;
                    hubs.TryRemove(new KeyValuePair<string, Hub>(hubKey, hub));
                }

                throw;
            }

            return new Registration(this, hub, listener);
        }
    }

    /// <summary>
    /// Issue 9: a stream found its chat behind the log; the relay may have lost its subscription (it resubscribes only if
    /// it has none, so asking is harmless).
    /// </summary>
    public async Task RepairAsync(string streamNamespace, string key)
    {
        var hubKey = streamNamespace + "|" + key;
        if (!hubs.TryGetValue(hubKey, out var hub)) return;
        try
        {
            await Relay(hubKey).Start(hub.Generation);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Restarting the relay of {Stream} failed", hubKey);
        }
    }

    public void Deliver(string streamNamespace, string key, object item)
    {
        if (!hubs.TryGetValue(streamNamespace + "|" + key, out var hub)) return;
        foreach (var listener in hub.Listeners) listener.TryWrite(item);
    }

    private IChatRelayGrain Relay(string hubKey) => grains.GetGrain<IChatRelayGrain>(RelayKey.Of(silo.SiloAddress, hubKey));

    private async Task RemoveAsync(Hub hub, ChannelWriter<object> listener)
    {
        var last = false;
        lock (hub)
        {
            hub.Listeners = hub.Listeners.Where(l => l != listener).ToArray();
            if (hub.Listeners.Length == 0)
            {
                hub.Closed = true;
                hubs.TryRemove(new KeyValuePair<string, Hub>(hub.Key, hub));
                last = true;
            }
        }

        if (!last) return;
        try
        {
            await Relay(hub.Key).Stop(hub.Generation);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Stopping the relay of {Stream} failed", hub.Key);
        }
    }

    private sealed class Hub(string key, long generation)
    {
        public string Key { get; } = key;

        /// <summary>Raised for every new hub: a relay ignores the Stop of a hub older than the one that last started it.</summary>
        public long Generation { get; } = generation;

        public ChannelWriter<object>[] Listeners { get; set; } = [];

        public Task? Started { get; set; }

        public bool Closed { get; set; }
    }

    private sealed class Registration(ChatFanout fanout, Hub hub, ChannelWriter<object> listener) : IAsyncDisposable
    {
        private int disposed;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref disposed, 1) == 0 ? new ValueTask(fanout.RemoveAsync(hub, listener)) : ValueTask.CompletedTask;
    }
}
