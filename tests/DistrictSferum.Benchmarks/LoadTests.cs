using System.Diagnostics;
using DistrictSferum.Protos.V1;
using Grpc.Core;
using HdrHistogram;

namespace DistrictSferum.Benchmarks;

/// <summary>Latency histograms in microseconds (1 µs to 2 min, 3 significant digits).</summary>
public sealed class Hist
{
    private const long Highest = 120_000_000;
    private readonly LongConcurrentHistogram histogram = new(1, Highest, 3);

    public static long Micros(long ticks) => ticks * 1_000_000 / Stopwatch.Frequency;

    public void RecordTicks(long ticks) => Record(Micros(ticks));

    public void Record(long micros) => histogram.RecordValue(Math.Clamp(micros, 1, Highest));

    public long Count => histogram.TotalCount;

    public double P(double percentile) => Count == 0 ? double.NaN : histogram.GetValueAtPercentile(percentile);

    public double Max => Count == 0 ? double.NaN : histogram.GetMaxValue();

    public double Mean => Count == 0 ? double.NaN : histogram.GetMean();

    public string Summary() => Count == 0
        ? "no samples"
        : $"p50 {Fmt.Ms(P(50))}, p99 {Fmt.Ms(P(99))}, p99.9 {Fmt.Ms(P(99.9))}, max {Fmt.Ms(Max)} ({Fmt.N(Count)} samples)";
}

/// <summary>A message body of the given length, in the language people write in.</summary>
public static class Bodies
{
    private const string Text = "Добрый вечер! Напоминаю: завтра экскурсия в музей, сбор у школы в 8:30, с собой обед и сменная обувь. ";

    public static string Of(int length)
    {
        var s = string.Concat(Enumerable.Repeat(Text, length / Text.Length + 1));
        return s[..length];
    }
}

/// <summary>
/// One open-loop run: message i is due at t0 + i/rate whatever happened to earlier ones, and its latencies are
/// measured from that intended time (no coordinated omission). Send-to-last-recipient is the time until the last
/// online member of the chat (the sender included) received it on its stream.
/// </summary>
public sealed class OpenLoopRun(int id, string name, int count)
{
    private readonly long[] intended = new long[count];
    private readonly int[] remaining = new int[count];
    private long windowStart;
    private long windowEnd;
    private int measuredFrom;

    public int Id { get; } = id;

    public string Name { get; } = name;

    public Hist Ack { get; } = new();

    public Hist LastRecipient { get; } = new();

    public long Sent;
    public long Skipped;
    public long Acked;
    public long Failed;
    public long ExpectedDeliveries;
    public long Deliveries;
    public long Completed;
    public long AcksInWindow;
    public long DeliveriesInWindow;
    public string? FirstError;

    public void Delivered(int index, long now)
    {
        if ((uint)index >= (uint)intended.Length) return;
        Interlocked.Increment(ref Deliveries);
        if (now >= windowStart && now <= windowEnd) Interlocked.Increment(ref DeliveriesInWindow);
        if (Interlocked.Decrement(ref remaining[index]) != 0) return;
        Interlocked.Increment(ref Completed);
        if (index >= measuredFrom) LastRecipient.RecordTicks(now - intended[index]);
    }

    /// <summary>Sends to <paramref name="chats"/> in turn (each from its online members in turn) at <paramref name="rate"/>.</summary>
    public async Task<OpenLoopResult> RunAsync(
        IReadOnlyList<ChatInfo> chats, ClientPool clients, DeliveryHub hub, int serverPid, double rate, double warmup, double duration,
        string body, int maxInFlight = 3_000)
    {
        var n = (int)Math.Min(intended.Length, rate * (warmup + duration));
        var frequency = Stopwatch.Frequency;
        var t0 = Stopwatch.GetTimestamp() + frequency / 20;
        measuredFrom = (int)(rate * warmup);
        windowStart = t0 + (long)(warmup * frequency);
        windowEnd = t0 + (long)((warmup + duration) * frequency);
        hub.Register(this);
        var inFlight = 0L;
        var cpuStart = 0L;
        CpuMeter? cpu = null;

        // A dedicated thread keeps the schedule even when the thread pool is busy with deliveries.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = new Thread(() =>
        {
            try
            {
                for (var i = 0; i < n;)
                {
                    var now = Stopwatch.GetTimestamp();
                    if (cpu is null && now >= windowStart)
                    {
                        cpu = CpuMeter.Start(serverPid);
                        cpuStart = now;
                    }

                    while (i < n && t0 + (long)(i * (double)frequency / rate) <= now)
                    {
                        intended[i] = t0 + (long)(i * (double)frequency / rate);
                        if (Interlocked.Read(ref inFlight) >= maxInFlight)
                        {
                            Interlocked.Increment(ref Skipped);
                        }
                        else
                        {
                            var chat = chats[i % chats.Count];
                            var sender = chat.Online[i / chats.Count % chat.Online.Count];
                            remaining[i] = chat.Online.Count;
                            Interlocked.Add(ref ExpectedDeliveries, chat.Online.Count);
                            Interlocked.Increment(ref inFlight);
                            Interlocked.Increment(ref Sent);
                            _ = SendAsync(clients, chat, sender, i, body).ContinueWith(_ => Interlocked.Decrement(ref inFlight), TaskScheduler.Default);
                        }

                        i++;
                    }

                    Thread.Sleep(1);
                }

                done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        })
        { IsBackground = true, Priority = ThreadPriority.AboveNormal, Name = "open-loop " + Name };
        dispatcher.Start();
        await done.Task;
        var cpuUse = cpu?.Stop(Stopwatch.GetElapsedTime(cpuStart)) ?? CpuUse.None;

        // Drain: wait for outstanding acks and deliveries (bounded).
        var drain = Stopwatch.StartNew();
        while (drain.Elapsed < TimeSpan.FromSeconds(15) &&
               (Interlocked.Read(ref inFlight) > 0 || Interlocked.Read(ref Completed) < Interlocked.Read(ref Acked)))
        {
            await Task.Delay(20);
        }

        hub.Unregister(this);
        var window = (windowEnd - windowStart) / (double)frequency;
        return new OpenLoopResult(Name, rate, chats.Count, chats.Average(c => c.Online.Count), Sent, Skipped, Acked, Failed,
            AcksInWindow / window, DeliveriesInWindow / window, Math.Max(0, ExpectedDeliveries - Deliveries), Ack, LastRecipient, cpuUse, FirstError);
    }

    /// <summary>The body with this run's tag at its end, the same length as the untagged body.</summary>
    private string Tagged(string body, int i)
    {
        var tag = $" #r{Id}:{i}";
        return string.Concat(body.AsSpan(0, Math.Max(0, body.Length - tag.Length)), tag);
    }

    private async Task SendAsync(ClientPool clients, ChatInfo chat, Person sender, int i, string body)
    {
        try
        {
            using var call = clients.Chats(sender).SendMessageAsync(
                new SendMessageRequest { ChatId = chat.ChatId, ClientKey = $"r{Id}-{i}", Body = Tagged(body, i) }, sender.Call(timeout: TimeSpan.FromSeconds(60)));
            await call.ResponseAsync;
            var now = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref Acked);
            if (now >= windowStart && now <= windowEnd) Interlocked.Increment(ref AcksInWindow);
            if (i >= measuredFrom) Ack.RecordTicks(now - intended[i]);
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref Failed);
            Interlocked.Add(ref ExpectedDeliveries, -chat.Online.Count);
            FirstError ??= e is RpcException r ? $"{r.StatusCode}: {r.Status.Detail}" : e.Message;
        }
    }
}

public sealed record OpenLoopResult(
    string Name, double OfferedRate, int Chats, double OnlinePerChat, long Sent, long Skipped, long Acked, long Failed,
    double SustainedRate, double DeliveriesPerSecond, long MissingDeliveries, Hist Ack, Hist LastRecipient, CpuUse Cpu, string? FirstError)
{
    public string Line() =>
        Fmt.Inv($"{Name}: offered {OfferedRate:0} msg/s to {Chats} chats x {OnlinePerChat:0.#} online -> sustained {SustainedRate:0} msg/s, {DeliveriesPerSecond:#,0} deliveries/s; ") +
        $"last recipient {LastRecipient.Summary()}; ack {Ack.Summary()}; sent {Fmt.N(Sent)}, skipped {Fmt.N(Skipped)}, failed {Fmt.N(Failed)}, missing deliveries {Fmt.N(MissingDeliveries)}" +
        (FirstError is null ? "" : $" (first error: {FirstError})") + $"; CPU {Cpu}";
}

/// <summary>Closed loop: <c>concurrency</c> senders each send, wait for the ack, send again. Gives the saturation rate.</summary>
public static class ClosedLoop
{
    public static async Task<ClosedLoopResult> RunAsync(
        string name, IReadOnlyList<ChatInfo> chats, ClientPool clients, DeliveryHub hub, int serverPid, int concurrency, double warmup,
        double duration, string body)
    {
        var frequency = Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp();
        var windowStart = start + (long)(warmup * frequency);
        var windowEnd = windowStart + (long)(duration * frequency);
        var counter = -1L;
        var inWindow = 0L;
        var failed = 0L;
        string? firstError = null;
        var ack = new Hist();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var sampler = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromTicks((long)(warmup * TimeSpan.TicksPerSecond)));
            var d0 = hub.Deliveries;
            var cpu = CpuMeter.Start(serverPid);
            var watch = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromTicks((long)(duration * TimeSpan.TicksPerSecond)));
            return (Deliveries: (hub.Deliveries - d0) / watch.Elapsed.TotalSeconds, Cpu: cpu.Stop(watch.Elapsed));
        });

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (var sends = 0; sends < 10_000_000; sends++)
            {
                var t = Stopwatch.GetTimestamp();
                if (t >= windowEnd) return;
                var i = Interlocked.Increment(ref counter);
                var chat = chats[(int)(i % chats.Count)];
                var sender = chat.Online[(int)(i / chats.Count % chat.Online.Count)];
                try
                {
                    using var call = clients.Chats(sender).SendMessageAsync(
                        new SendMessageRequest { ChatId = chat.ChatId, ClientKey = $"c{tag}-{i}", Body = body }, sender.Call(timeout: TimeSpan.FromSeconds(60)));
                    await call.ResponseAsync;
                    var now = Stopwatch.GetTimestamp();
                    if (t >= windowStart && now <= windowEnd)
                    {
                        Interlocked.Increment(ref inWindow);
                        ack.RecordTicks(now - t);
                    }
                }
                catch (RpcException e)
                {
                    Interlocked.Increment(ref failed);
                    firstError ??= $"{e.StatusCode}: {e.Status.Detail}";
                    await Task.Delay(10);
                }
            }
        })));
        var (deliveries, cpuUse) = await sampler;
        return new ClosedLoopResult(name, concurrency, chats.Count, inWindow / duration, deliveries, failed, ack, cpuUse, firstError);
    }
}

public sealed record ClosedLoopResult(
    string Name, int Concurrency, int Chats, double Rate, double DeliveriesPerSecond, long Failed, Hist Ack, CpuUse Cpu, string? FirstError)
{
    public string Line() =>
        Fmt.Inv($"{Name}: {Concurrency} outstanding over {Chats} chats -> {Rate:#,0} acked msg/s, {DeliveriesPerSecond:#,0} deliveries/s; ack {Ack.Summary()}; failed {Failed}") +
        (FirstError is null ? "" : $" (first error: {FirstError})") + $"; CPU {Cpu}";
}
