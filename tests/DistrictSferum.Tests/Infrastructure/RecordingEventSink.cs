using System.Collections.Concurrent;
using DistrictSferum.Contracts.Chats;

namespace DistrictSferum.Tests.Infrastructure;

/// <summary>Stands in for the gateway's fan-out in grain tests: records what relays deliver.</summary>
public sealed class RecordingEventSink : IChatEventSink
{
    private readonly SemaphoreSlim arrived = new(0);

    public ConcurrentQueue<ChatEvent> Delivered { get; } = new();

    public void Deliver(string streamNamespace, string key, object item)
    {
        if (item is ChatEvent chatEvent) Delivered.Enqueue(chatEvent);
        arrived.Release();
    }

    /// <summary>Waits until a delivered event matches, or fails after the timeout.</summary>
    public async Task<ChatEvent> WaitForAsync(Func<ChatEvent, bool> match, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (Delivered.FirstOrDefault(match) is { } found) return found;
            await arrived.WaitAsync(deadline.Token);
        }
    }
}
