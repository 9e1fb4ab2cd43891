using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Tests.Infrastructure;

/// <summary>Holds one client's Subscribe stream open and records what it delivers; tests wait on what they expect.</summary>
public sealed class StreamRecorder : IAsyncDisposable
{
    private readonly AsyncServerStreamingCall<ChatUpdate> call;
    private readonly CancellationTokenSource stop = new();
    private readonly List<ChatUpdate> updates = [];
    private readonly Task pump;
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StreamRecorder(AsyncServerStreamingCall<ChatUpdate> call)
    {
        this.call = call;
        pump = PumpAsync();
    }

    public static StreamRecorder Open(Session session, params (string ChatId, long LastSeq)[] positions)
    {
        var request = new SubscribeRequest();
        request.Positions.AddRange(positions.Select(p => new ChatPosition { ChatId = p.ChatId, LastSeq = p.LastSeq }));
        return new StreamRecorder(session.Chats.Subscribe(request));
    }

    public Exception? Failure { get; private set; }

    public IReadOnlyList<ChatEvent> Events
    {
        get
        {
            lock (updates) return updates.Where(u => u.UpdateCase == ChatUpdate.UpdateOneofCase.Event).Select(u => u.Event).ToList();
        }
    }

    public IReadOnlyList<ChatEvent> EventsOf(string chatId) => Events.Where(e => e.ChatId == chatId).ToList();

    public bool CaughtUp(string chatId)
    {
        lock (updates) return updates.Any(u => u.UpdateCase == ChatUpdate.UpdateOneofCase.CaughtUp && u.CaughtUp.ChatId == chatId);
    }

    /// <summary>Waits until <paramref name="condition"/> holds for what was delivered, or fails after the timeout.</summary>
    public async Task UntilAsync(Func<StreamRecorder, bool> condition, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (!condition(this))
        {
            Task next;
            lock (updates) next = changed.Task;
            if (condition(this)) return;
            if (Failure is not null) throw new InvalidOperationException("The stream failed.", Failure);
            try
            {
                await next.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The stream did not deliver what was expected; it has {Events.Count} events.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        call.Dispose();
        await pump;
        stop.Dispose();
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var update in call.ResponseStream.ReadAllAsync(stop.Token))
            {
                lock (updates)
                {
                    updates.Add(update);
                    var done = changed;
                    changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    done.SetResult();
                }
            }
        }
        catch (Exception e) when (e is RpcException { StatusCode: StatusCode.Cancelled } or OperationCanceledException)
        {
            // Closed by the test.
        }
        catch (Exception e)
        {
            Failure = e;
            lock (updates) changed.TrySetResult();
        }
    }
}
