using System.Collections.Concurrent;
using System.Threading.Channels;
using DistrictSferum.Contracts.Chats;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace DistrictSferum.Gateway.Chats;

/// <summary>
/// This silo's listeners per chat (DESIGN §5): the first listener of a chat starts the chat's relay grain on this
/// silo, its one stream subscription here; events it delivers are handed to every open gRPC stream following the
/// chat; the last listener to leave stops it.
/// </summary>
public sealed class ChatFanout(IGrainFactory grains, ILocalSiloDetails silo, ILogger<ChatFanout> logger) : IChatEventSink
{
    private readonly ConcurrentDictionary<string, Hub> hubs = new();

    /// <summary>Chats with a live subscription on this silo.</summary>
    public int SubscribedChats => hubs.Count;

    public async Task<IAsyncDisposable> ListenAsync(string chatId, ChannelWriter<ChatEvent> listener)
    {
        while (true)
        {
            var hub = hubs.GetOrAdd(chatId, id => new Hub(id));
            Task started;
            lock (hub)
            {
                if (hub.Closed) continue;
                hub.Listeners = [.. hub.Listeners, listener];
                started = hub.Started ??= Relay(chatId).Start();
            }

            await started;
            return new Registration(this, hub, listener);
        }
    }

    public void Deliver(ChatEvent chatEvent)
    {
        if (!hubs.TryGetValue(chatEvent.ChatId, out var hub)) return;
        foreach (var listener in hub.Listeners) listener.TryWrite(chatEvent);
    }

    private IChatRelayGrain Relay(string chatId) => grains.GetGrain<IChatRelayGrain>(silo.SiloAddress.ToParsableString() + "|" + chatId);

    private async Task RemoveAsync(Hub hub, ChannelWriter<ChatEvent> listener)
    {
        var last = false;
        lock (hub)
        {
            hub.Listeners = hub.Listeners.Where(l => l != listener).ToArray();
            if (hub.Listeners.Length == 0)
            {
                hub.Closed = true;
                hubs.TryRemove(new KeyValuePair<string, Hub>(hub.ChatId, hub));
                last = true;
            }
        }

        if (!last) return;
        try
        {
            await Relay(hub.ChatId).Stop();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Stopping the relay of chat {ChatId} failed", hub.ChatId);
        }
    }

    private sealed class Hub(string chatId)
    {
        public string ChatId { get; } = chatId;

        public ChannelWriter<ChatEvent>[] Listeners { get; set; } = [];

        public Task? Started { get; set; }

        public bool Closed { get; set; }
    }

    private sealed class Registration(ChatFanout fanout, Hub hub, ChannelWriter<ChatEvent> listener) : IAsyncDisposable
    {
        private int disposed;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref disposed, 1) == 0 ? new ValueTask(fanout.RemoveAsync(hub, listener)) : ValueTask.CompletedTask;
    }
}
