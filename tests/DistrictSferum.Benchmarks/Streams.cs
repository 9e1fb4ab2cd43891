using System.Diagnostics;
using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Benchmarks;

/// <summary>
/// Routes every delivered message to the open-loop run that sent it. The tag "#r{run}:{index}" ends the message
/// body: the body reaches every member, the client key only its sender.
/// </summary>
public sealed class DeliveryHub
{
    private readonly OpenLoopRun?[] runs = new OpenLoopRun?[256];
    private long deliveries;

    public long Deliveries => Interlocked.Read(ref deliveries);

    public void Register(OpenLoopRun run) => Volatile.Write(ref runs[run.Id], run);

    public void Unregister(OpenLoopRun run) => Volatile.Write(ref runs[run.Id], null);

    public void OnPosted(ChatEvent e, long now)
    {
        Interlocked.Increment(ref deliveries);
        var body = e.Body.AsSpan();
        var hash = body.LastIndexOf('#');
        if (hash < 0 || body.Length - hash < 5 || body[hash + 1] != 'r') return;
        var key = body[(hash + 1)..];
        var colon = key.IndexOf(':');
        if (colon < 2 || !int.TryParse(key[1..colon], out var run) || !int.TryParse(key[(colon + 1)..], out var index)) return;
        if ((uint)run < (uint)runs.Length) Volatile.Read(ref runs[run])?.Delivered(index, now);
    }
}

/// <summary>
/// One online member's ChatService.Subscribe stream (one per member, for all its chats). Checks that every chat
/// arrives gap-free and in order, and notes when every chat has caught up.
/// </summary>
public sealed class Subscriber(Person person, DeliveryHub hub)
{
    private readonly CancellationTokenSource cancel = new();
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, long> last = new(StringComparer.Ordinal);
    private int caughtUp;
    private Task loop = Task.CompletedTask;

    public Person Person { get; } = person;

    public long Events;
    public long EventsBeforeReady;
    public long Gaps;
    public long Duplicates;
    public long StartTicks;
    public long ReadyTicks;
    public string? Error;

    public Task Ready => ready.Task;

    /// <summary>The last sequence number seen per chat (valid once stopped).</summary>
    public IReadOnlyDictionary<string, long> Positions => last;

    public void Start(ClientPool clients, IReadOnlyDictionary<string, long>? positions = null)
    {
        var request = new SubscribeRequest();
        if (positions is not null)
        {
            foreach (var (chat, seq) in positions)
            {
                request.Positions.Add(new ChatPosition { ChatId = chat, LastSeq = seq });
                last[chat] = seq;
            }
        }

        StartTicks = Stopwatch.GetTimestamp();
        loop = Task.Run(() => RunAsync(clients, request));
    }

    public async Task StopAsync()
    {
        await cancel.CancelAsync();
        try
        {
            await loop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            Error ??= "did not stop";
        }
    }

    private async Task RunAsync(ClientPool clients, SubscribeRequest request)
    {
        var expected = Person.ChatIds.Count;
        try
        {
            using var call = clients.Chats(Person).Subscribe(request, Person.Call(cancel.Token));
            while (await call.ResponseStream.MoveNext(cancel.Token))
            {
                var update = call.ResponseStream.Current;
                var now = Stopwatch.GetTimestamp();
                if (update.UpdateCase == SubscribeResponse.UpdateOneofCase.Event)
                {
                    var e = update.Event;
                    Events++;
                    if (ReadyTicks == 0) EventsBeforeReady++;
                    if (last.TryGetValue(e.ChatId, out var previous))
                    {
                        if (e.Seq <= previous) Duplicates++;
                        else if (e.Seq != previous + 1) Gaps++;
                        if (e.Seq > previous) last[e.ChatId] = e.Seq;
                    }
                    else
                    {
                        last[e.ChatId] = e.Seq;
                    }

                    if (e.Kind == ChatEventKind.Posted) hub.OnPosted(e, now);
                }
                else if (update.UpdateCase == SubscribeResponse.UpdateOneofCase.CaughtUp)
                {
                    var position = update.CaughtUp;
                    if (!last.TryGetValue(position.ChatId, out var previous) || position.LastSeq > previous) last[position.ChatId] = position.LastSeq;
                    if (++caughtUp >= expected && ReadyTicks == 0)
                    {
                        ReadyTicks = now;
                        ready.TrySetResult();
                    }
                }
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancel.IsCancellationRequested)
        {
            // Stopped.
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Stopped.
        }
        catch (Exception e)
        {
            Error = e is RpcException r ? $"{r.StatusCode}: {r.Status.Detail}" : e.GetType().Name + ": " + e.Message;
        }
        finally
        {
            ready.TrySetResult();
        }
    }
}

/// <summary>Opens and closes the online members' streams.</summary>
public static class Streams
{
    public static async Task<(List<Subscriber> Subscribers, TimeSpan Elapsed, int Failed)> OpenAsync(
        IEnumerable<Person> people, ClientPool clients, DeliveryHub hub, TimeSpan timeout,
        Func<Person, IReadOnlyDictionary<string, long>?>? positions = null, int batch = 0)
    {
        var watch = Stopwatch.StartNew();
        var subscribers = people.Select(p => new Subscriber(p, hub)).ToList();
        var index = 0;
        foreach (var s in subscribers)
        {
            s.Start(clients, positions?.Invoke(s.Person));
            // Opening thousands at once is the storm's job; elsewhere a few at a time keeps setup orderly.
            if (batch > 0 && ++index % batch == 0) await Task.WhenAny(Task.WhenAll(subscribers.Take(index).Select(x => x.Ready)), Task.Delay(timeout));
        }

        await Task.WhenAny(Task.WhenAll(subscribers.Select(s => s.Ready)), Task.Delay(timeout));
        var failed = subscribers.Count(s => s.ReadyTicks == 0);
        return (subscribers, watch.Elapsed, failed);
    }

    public static async Task CloseAsync(IEnumerable<Subscriber> subscribers) =>
        await Task.WhenAll(subscribers.Select(s => s.StopAsync()));
}
