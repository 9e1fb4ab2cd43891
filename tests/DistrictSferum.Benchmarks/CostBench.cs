namespace DistrictSferum.Benchmarks;

/// <summary>
/// Issue 15's cost table (<c>bench.sh --cost</c>): how throughput, CPU and memory grow with the number of active chats
/// (10, 100, 1,000, 10,000 small chats, each sent to in a closed loop after a restart, so a step activates exactly its
/// chats) and with open Subscribe streams (about 1k, 5k and 20k over the class chats' online members, several per
/// member, under one offered rate). The server's and PostgreSQL's CPU per message and per delivery, and PostgreSQL's
/// commits and WAL flushes per message, are the inputs of the README's capacity model.
/// </summary>
public sealed class CostBench(BenchOptions options)
{
    private readonly string body = Bodies.Of(options.BodyLength);
    private int runIds = 100;

    public async Task<string> RunAsync()
    {
        int[] chatSteps = options.Quick ? [10, 100, 1_000] : [10, 100, 1_000, 10_000];
        int[] streamSteps = options.Quick ? [1_000, 5_000] : [1_000, 5_000, 20_000];
        CpuMeter.UsePostmasterOf(options.Work);
        await using var control = new PgControl(options.Connection);
        await using var server = new ServerControl(options);
        await server.StartAsync();
        var clients = new ClientPool(server.Address, options.Channels);
        var district = await new DistrictBuilder(options, clients, new CodeBook(server.CodesFile), Progress).BuildAsync();
        Progress(district.Summary());
        var small = district.ExtraChats.ToList();
        if (small.Count < chatSteps[^1]) throw new InvalidOperationException($"--extra-chats {small.Count} is fewer than the largest step {chatSteps[^1]}");
        foreach (var chat in small) chat.Online.Add(chat.Moderator);

        // A restart makes every grain cold: each step then activates exactly the chats it sends to.
        clients.Dispose();
        await server.StopAsync();
        await server.StartAsync();
        clients = new ClientPool(server.Address, options.Channels);
        await ClosedLoop.RunAsync("warm-up", small.Take(5).ToList(), clients, new DeliveryHub(), server.Pid, 8, 1, 2, body);
        var heapBase = await HeapAsync(server);
        var rssBase = await Restart.StableRssAsync(server);
        var chatRows = new List<string>();
        var perMessage = new List<(double ServerMicros, double PgMicros, double CommitsPerMessage, double FlushesPerMessage)>();
        var (heapBeforeStep, chatsBefore) = (heapBase, 0);
        foreach (var n in chatSteps)
        {
            var chats = small.Take(n).ToList();
            var counters = await PgCounters.StartAsync(control);
            var run = await ClosedLoop.RunAsync($"{n} active chats", chats, clients, new DeliveryHub(), server.Pid, options.Concurrency, options.Warmup,
                options.CapacityDuration, body);
            var pg = await counters.StopValuesAsync();
            var heap = await HeapAsync(server);
            var rss = await Restart.StableRssAsync(server);
            var messages = Math.Max(1, pg.Rows);
            perMessage.Add((run.Cpu.ServerCores * 1e6 / Math.Max(1, run.Rate), run.Cpu.PostgresCores * 1e6 / Math.Max(1, run.Rate),
                pg.Commits / (double)messages, pg.Flushes / (double)messages));
            chatRows.Add(Fmt.Inv($"| {n:#,0} | {run.Rate:#,0} msg/s (ack p99 {Fmt.Ms(run.Ack.P(99))}, failed {run.Failed}) | ") +
                Fmt.Inv($"{run.Cpu.ServerCores:0.00} / {run.Cpu.PostgresCores:0.00} | {perMessage[^1].ServerMicros:0} µs / {perMessage[^1].PgMicros:0} µs | ") +
                Fmt.Inv($"{pg.Rows / (double)Math.Max(1, pg.Flushes):0.0} | {Mib(heap)} ({Kib(heap - heapBeforeStep, n - chatsBefore)} per chat added) | {Fmt.Mib(rss)} |"));
            Progress(run.Line() + "; " + pg);
            (heapBeforeStep, chatsBefore) = (heap, n);
        }

        // Streams: the class chats' online members, each opening several streams, under one offered rate.
        var classChats = district.StudentChats;
        var streamRows = new List<string>();
        var perDelivery = new List<(double Deliveries, double ServerCores)>();
        var rate = Math.Min(options.Rate, 200);
        var online = classChats.Sum(c => c.Online.Count);
        foreach (var target in streamSteps)
        {
            var perMember = (target + online - 1) / online;
            var chats = new List<ChatInfo>();
            foreach (var c in classChats)
            {
                if (chats.Sum(x => x.Online.Count) >= target) break;
                var copy = new ChatInfo(c.ChatId, c.Kind, c.Moderator);
                copy.Members.AddRange(c.Members);
                for (var k = 0; k < perMember; k++) copy.Online.AddRange(c.Online);
                chats.Add(copy);
            }

            var people = chats.SelectMany(c => c.Online).ToList();
            var hub = new DeliveryHub();
            var heapBefore = await HeapAsync(server);
            var (subscribers, elapsed, failed) = await Streams.OpenAsync(people, clients, hub, TimeSpan.FromSeconds(180), batch: 500);
            var heapOpen = await HeapAsync(server);
            var rssOpen = await Restart.StableRssAsync(server);
            var idle = CpuMeter.Start(server.Pid);
            await Task.Delay(TimeSpan.FromSeconds(3));
            var idleCpu = idle.Stop(TimeSpan.FromSeconds(3));
            var count = (int)Math.Ceiling(rate * (options.Warmup + options.Duration)) + 1;
            var run = await new OpenLoopRun(Interlocked.Increment(ref runIds), $"{subscribers.Count:#,0} streams", count)
                .RunAsync(chats, clients, hub, server.Pid, rate, options.Warmup, options.Duration, body);
            perDelivery.Add((run.DeliveriesPerSecond, run.Cpu.ServerCores));
            streamRows.Add(Fmt.Inv($"| {subscribers.Count:#,0} ({perMember} per member, {chats.Count} chats; opened in {elapsed.TotalSeconds:0.0} s, not ready {failed}) | ") +
                Fmt.Inv($"{run.SustainedRate:#,0} msg/s, {run.DeliveriesPerSecond:#,0} deliveries/s, last recipient p99 {Fmt.Ms(run.LastRecipient.P(99))}, missing {run.MissingDeliveries} | ") +
                Fmt.Inv($"{run.Cpu.ServerCores:0.00} (idle with the streams open {idleCpu.ServerCores:0.00}) | {Kib(heapOpen - heapBefore, subscribers.Count)} | {Fmt.Mib(rssOpen)} |"));
            Progress(run.Line());
            await Streams.CloseAsync(subscribers);
        }

        clients.Dispose();
        await server.StopAsync();

        var (first, last) = (perDelivery[0], perDelivery[^1]);
        var microsPerDelivery = last.Deliveries > first.Deliveries ? (last.ServerCores - first.ServerCores) * 1e6 / (last.Deliveries - first.Deliveries) : double.NaN;
        var serverPerMessage = perMessage.Average(p => p.ServerMicros);
        var pgPerMessage = perMessage.Average(p => p.PgMicros);
        return string.Join('\n', [
            "## How cost grows (issue 15; `bench.sh --cost" + (options.Quick ? " --quick" : "") + "`)",
            "",
            Fmt.Inv($"{Environment.ProcessorCount} cores shared by server, PostgreSQL (fsync on) and load client; {options.Describe()}; managed heap after a full GC at start {Mib(heapBase)}, resident {Fmt.Mib(rssBase)}."),
            "",
            "Active chats (small chats, each sent to by its one member; closed loop, " + Fmt.Inv($"{options.Concurrency} outstanding, {options.CapacityDuration:0} s; after a restart, so each step activates its chats):"),
            "",
            "| active chats | durable sends | server / PostgreSQL cores | CPU per message, server / PostgreSQL | log rows per WAL flush | managed heap | resident |",
            "|---|---|---|---|---|---|---|",
            .. chatRows,
            "",
            Fmt.Inv($"Open Subscribe streams (offered {rate:0} msg/s over the class chats whose online members hold them, {options.Duration:0} s):"),
            "",
            "| open streams | carried | server cores | managed heap per stream | resident |",
            "|---|---|---|---|---|",
            .. streamRows,
            "",
            Fmt.Inv($"Model inputs: {serverPerMessage:0} µs server CPU and {pgPerMessage:0} µs PostgreSQL CPU per durable message (mean over the chat steps); ") +
            Fmt.Inv($"{microsPerDelivery:0.0} µs server CPU per delivery (slope between the first and last stream steps); ") +
            Fmt.Inv($"{perMessage.Average(p => p.CommitsPerMessage):0.00} commits and {perMessage.Average(p => p.FlushesPerMessage):0.00} WAL flushes per message."),
        ]);
    }

    private static Task<long?> HeapAsync(ServerControl server) => GcProbe.HeapAfterFullGcAsync(server.Pid, TimeSpan.FromSeconds(20));

    private static string Mib(long? bytes) => bytes is { } b ? Fmt.Mib(b) : "n/a";

    private static string Kib(long? bytes, int count) => bytes is { } b ? Fmt.Kib(b / (double)Math.Max(1, count)) : "n/a";

    private static void Progress(string line) => Console.Error.WriteLine("bench: " + line);
}
