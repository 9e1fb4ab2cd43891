using System.Collections.Concurrent;
using System.Threading.Channels;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace DistrictSferum.Gateway.Chats;

/// <summary>
/// This silo's one subscription per chat that has local listeners (DESIGN §5): events arrive once per silo
/// from the chat's Orleans stream and are handed to every open gRPC stream here that follows the chat.
/// The subscription ends when the last local listener leaves.
/// </summary>
public sealed class ChatFanout(IClusterClient cluster, ILogger<ChatFanout> logger)
{
    private readonly ConcurrentDictionary<string, Hub> hubs = new();

    /// <summary>Chats with a live subscription on this silo (for tests and metrics).</summary>
    public int SubscribedChats => hubs.Count;

    public async Task<IAsyncDisposable> ListenAsync(string chatId, ChannelWriter<ChatEvent> listener)
    {
        while (true)
        {
            var hub = hubs.GetOrAdd(chatId, id => new Hub(id));
            Task<StreamSubscriptionHandle<ChatEvent>> subscription;
            lock (hub)
            {
                if (hub.Closed) continue;
                hub.Listeners = [.. hub.Listeners, listener];
                subscription = hub.Subscription ??= SubscribeAsync(hub);
            }

            await subscription;
            return new Registration(this, hub, listener);
        }
    }

    private Task<StreamSubscriptionHandle<ChatEvent>> SubscribeAsync(Hub hub) =>
        cluster.GetStreamProvider(StreamNames.Provider).GetStream<ChatEvent>(StreamId.Create(StreamNames.Chat, hub.ChatId))
            .SubscribeAsync((e, _) =>
            {
                foreach (var listener in hub.Listeners) listener.TryWrite(e);
                return Task.CompletedTask;
            });

    private async Task RemoveAsync(Hub hub, ChannelWriter<ChatEvent> listener)
    {
        Task<StreamSubscriptionHandle<ChatEvent>>? last = null;
        lock (hub)
        {
            hub.Listeners = hub.Listeners.Where(l => l != listener).ToArray();
            if (hub.Listeners.Length == 0)
            {
                hub.Closed = true;
                hubs.TryRemove(new KeyValuePair<string, Hub>(hub.ChatId, hub));
                last = hub.Subscription;
            }
        }

        if (last is null) return;
        try
        {
            await (await last).UnsubscribeAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Unsubscribing from chat {ChatId} failed", hub.ChatId);
        }
    }

    private sealed class Hub(string chatId)
    {
        public string ChatId { get; } = chatId;

        public ChannelWriter<ChatEvent>[] Listeners { get; set; } = [];

        public Task<StreamSubscriptionHandle<ChatEvent>>? Subscription { get; set; }

        public bool Closed { get; set; }
    }

    private sealed class Registration(ChatFanout fanout, Hub hub, ChannelWriter<ChatEvent> listener) : IAsyncDisposable
    {
        private int disposed;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref disposed, 1) == 0 ? new ValueTask(fanout.RemoveAsync(hub, listener)) : ValueTask.CompletedTask;
    }
}
