using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Tests.Infrastructure;

/// <summary>
/// Holds one client's Subscribe stream open and records what it delivers; tests wait on what they expect.
/// It behaves like the documented client: when the stream ends with UNAVAILABLE (its server died, or the cluster
/// was reshaping) it subscribes again with the last sequence number it has of each chat, through the next of its
/// sessions (another server of the cluster), so what it records stays gap-free and without duplicates. Opened without
/// positions, it follows all the member's chats and resumes so (<c>all_chats</c> with the positions it holds).
/// </summary>
public sealed class StreamRecorder : IAsyncDisposable
{
    /// <summary>How long the recorder keeps trying to resume before it reports the stream as failed.</summary>
    private static readonly TimeSpan ResumeWithin = TimeSpan.FromSeconds(90);

    private readonly IReadOnlyList<Session> sessions;
    private readonly CancellationTokenSource stop = new();
    private readonly List<SubscribeResponse> updates = [];
    private readonly Dictionary<string, long> positions = [];
    private readonly HashSet<string> ended = [];
    private readonly List<RpcException> endings = [];
    private readonly bool allChats;
    private readonly Task pump;
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StreamRecorder(IReadOnlyList<Session> sessions, (string ChatId, long LastSeq)[] start, bool allChats = false)
    {
        this.sessions = sessions;
        this.allChats = allChats || start.Length == 0;
        foreach (var (chatId, lastSeq) in start) positions[chatId] = lastSeq;
        pump = PumpAsync();
    }

    /// <summary>Follows <paramref name="positions"/> through <paramref name="session"/>, resuming through it too.</summary>
    public static StreamRecorder Open(Session session, params (string ChatId, long LastSeq)[] positions) => new([session], positions);

    /// <summary>Follows through the first session; after UNAVAILABLE resumes through the next one (round robin).</summary>
    public static StreamRecorder Open(IReadOnlyList<Session> sessions, params (string ChatId, long LastSeq)[] positions) => new(sessions, positions);

    /// <summary>Follows all the member's chats, the listed ones from <paramref name="positions"/>.</summary>
    public static StreamRecorder OpenAll(Session session, params (string ChatId, long LastSeq)[] positions) => new([session], positions, allChats: true);

    public Exception? Failure { get; private set; }

    /// <summary>How many times the stream was opened again after UNAVAILABLE.</summary>
    public int Resumes { get; private set; }

    /// <summary>The statuses the stream ended with before each resume, in order.</summary>
    public IReadOnlyList<RpcException> Endings
    {
        get
        {
            lock (updates) return [.. endings];
        }
    }

    public IReadOnlyList<ChatEvent> Events
    {
        get
        {
            lock (updates) return updates.Where(u => u.UpdateCase == SubscribeResponse.UpdateOneofCase.Event).Select(u => u.Event).ToList();
        }
    }

    public IReadOnlyList<MeetingNotice> MeetingNotices
    {
        get
        {
            lock (updates) return updates.Where(u => u.UpdateCase == SubscribeResponse.UpdateOneofCase.MeetingNotice).Select(u => u.MeetingNotice).ToList();
        }
    }

    /// <summary>The stream's heartbeats (issue 9), in order.</summary>
    public IReadOnlyList<StreamHeartbeat> Heartbeats
    {
        get
        {
            lock (updates) return updates.Where(u => u.UpdateCase == SubscribeResponse.UpdateOneofCase.Heartbeat).Select(u => u.Heartbeat).ToList();
        }
    }

    public IReadOnlyList<ChatEvent> EventsOf(string chatId) => Events.Where(e => e.ChatId == chatId).ToList();

    public bool CaughtUp(string chatId)
    {
        lock (updates) return updates.Any(u => u.UpdateCase == SubscribeResponse.UpdateOneofCase.CaughtUp && u.CaughtUp.ChatId == chatId);
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
                throw new TimeoutException($"The stream did not deliver what was expected; it has {Events.Count} events after {Resumes} resumes.");
            }
        }
    }

    /// <summary>Waits for the server to end the stream with an error status (not the test closing it) and returns it.</summary>
    public async Task<RpcException> EndedAsync(TimeSpan timeout)
    {
        try
        {
            await pump.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The stream was still open after {timeout}.");
        }

        return Failure as RpcException ?? throw new InvalidOperationException("The stream ended without an error status.", Failure);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await pump;
        stop.Dispose();
    }

    private async Task PumpAsync()
    {
        var failingSince = (DateTime?)null;
        for (var attempt = 0; ; attempt++)
        {
            var session = sessions[(Resumes) % sessions.Count];
            var request = new SubscribeRequest { AllChats = allChats };
            lock (updates)
                request.Positions.AddRange(positions.Where(p => !ended.Contains(p.Key)).Select(p => new ChatPosition { ChatId = p.Key, LastSeq = p.Value }));
            using var call = session.Chats.Subscribe(request, cancellationToken: stop.Token);
            try
            {
                await foreach (var update in call.ResponseStream.ReadAllAsync(stop.Token))
                {
                    failingSince = null;
                    Record(update, session.UserId);
                }

                return;
            }
            catch (Exception e) when (stop.IsCancellationRequested && e is RpcException { StatusCode: StatusCode.Cancelled } or OperationCanceledException)
            {
                return; // Closed by the test.
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && (failingSince ??= DateTime.UtcNow) > DateTime.UtcNow - ResumeWithin)
            {
                // As a client must: come back with the positions it has, through another server if it has one.
                lock (updates)
                {
                    endings.Add(e);
                    Signal();
                }

                Resumes++;
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 100 * (attempt + 1))), stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception e)
            {
                Failure = e;
                lock (updates) Signal();
                return;
            }
        }
    }

    private void Record(SubscribeResponse update, string userId)
    {
        lock (updates)
        {
            updates.Add(update);
            if (update.UpdateCase == SubscribeResponse.UpdateOneofCase.Event)
            {
                var e = update.Event;
                positions[e.ChatId] = Math.Max(positions.GetValueOrDefault(e.ChatId), e.Seq);
                if (e.Kind is ChatEventKind.MemberLeft or ChatEventKind.MemberRemoved && e.SubjectUserId == userId) ended.Add(e.ChatId);
            }
            else if (update.UpdateCase == SubscribeResponse.UpdateOneofCase.CaughtUp)
            {
                positions[update.CaughtUp.ChatId] = Math.Max(positions.GetValueOrDefault(update.CaughtUp.ChatId), update.CaughtUp.LastSeq);
            }

            Signal();
        }
    }

    /// <summary>Wakes the waiters of <see cref="UntilAsync"/>; called under the lock.</summary>
    private void Signal()
    {
        var done = changed;
        changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
    }
}
