using System.Diagnostics;
using System.Globalization;
using System.Text;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Benchmarks;

/// <summary>The whole run, phase by phase, and its report.</summary>
public sealed class Bench(BenchOptions options) : IAsyncDisposable
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ServerControl server = new(options);
    private readonly string body = Bodies.Of(options.BodyLength);
    private readonly StringBuilder details = new();
    private readonly PgControl control = new(options.Connection);
    private readonly List<CpuUse> phaseCpu = [];
    private CpuUse noise = CpuUse.None;
    private Process? echo;
    private int runIds;

    public async Task<string> RunAsync()
    {
        var machine = await MachineAsync();
        CpuMeter.UsePostmasterOf(options.Work);
        var quiet = CpuMeter.Start(-1);
        await Task.Delay(TimeSpan.FromSeconds(3));
        noise = quiet.Stop(TimeSpan.FromSeconds(3));
        Detail("Machine", $"before anything starts, 3 s: CPU {noise}");
        Progress($"starting the server ({Path.GetFileName(options.ServerDll)}); log {server.LogFile}");
        var startWatch = Stopwatch.StartNew();
        await server.StartAsync();
        var firstStart = startWatch.Elapsed;
        var rssIdle = await Restart.StableRssAsync(server);
        Progress(Fmt.Inv($"server ready in {firstStart.TotalSeconds:0.0} s, RSS {Fmt.Mib(rssIdle)}"));

        // 1. The district, through the API.
        var clients = new ClientPool(server.Address, options.Channels);
        var codes = new CodeBook(server.CodesFile);
        var setupCpu = CpuMeter.Start(server.Pid);
        var district = await new DistrictBuilder(options, clients, codes, Progress).BuildAsync();
        var setupCpuUse = setupCpu.Stop(district.Elapsed);
        Detail("Setup", district.Summary() + $"; CPU {setupCpuUse}");
        var rssAfterSetup = server.RssBytes();
        await Task.Delay(TimeSpan.FromSeconds(options.Quick ? 2 : 5));
        var idle = CpuMeter.Start(server.Pid);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Detail("Idle", $"3 s after setup with nothing sent: CPU {idle.Stop(TimeSpan.FromSeconds(3))}");

        // 3 + 5a/5b. Durable sends through gRPC (closed loop, nobody listening) and the raw PostgreSQL baselines: the same
        // rows, an identical table, the same server. gRPC and single-row alternate so a busy moment hits both alike.
        var students = district.StudentChats;
        var room = district.ParentChats[0];
        var raw = new RawBaselines(options.Connection, server.Pid, body);
        await raw.PrepareAsync(Math.Max(options.Concurrency, 8));
        var (serialCommit, serialPg) = await WithPg(() => raw.SingleRowAsync(1, 1, 2));
        Detail("Raw single-row", serialCommit.Line() + "; " + serialPg);
        var singles = new List<RawResult>();
        var capacities = new List<ClosedLoopResult>();
        for (var round = 0; round < (options.Quick ? 1 : 2); round++)
        {
            await QuiesceAsync();
            var (grpc, grpcPg) = await WithPg(() => ClosedLoop.RunAsync("gRPC SendMessage, no stream open", students, clients, new DeliveryHub(), server.Pid,
                options.Concurrency, options.Warmup, options.CapacityDuration, body));
            Detail("Capacity", grpc.Line() + "; " + grpcPg);
            phaseCpu.Add(grpc.Cpu);
            capacities.Add(grpc);
            await QuiesceAsync();
            var (row, rowPg) = await WithPg(() => raw.SingleRowAsync(options.Concurrency, 2, options.CapacityDuration));
            Detail("Raw single-row", row.Line() + "; " + rowPg);
            phaseCpu.Add(row.Cpu);
            singles.Add(row);
        }

        var single = singles.MaxBy(r => r.RowsPerSecond)!;
        var capacity = capacities.MaxBy(r => r.Rate)!;
        var batchedRuns = new List<RawResult>();
        var batchDuration = Math.Max(2, options.CapacityDuration / 2);
        (bool Copy, int Size, int Writers)[] configs = [(false, 64, 2), (false, 256, 1), (false, 256, 2), (false, 1024, 2), (true, 1024, 2), (true, 4096, 2)];
        foreach (var (copy, size, writers) in options.Quick ? configs.Where(c => c.Writers == 2 && c.Size >= 256) : configs)
        {
            var (r, pg) = await WithPg(() => raw.BatchedAsync(copy, size, writers, 1, batchDuration));
            batchedRuns.Add(r);
            Detail("Raw batched", r.Line() + "; " + pg);
            phaseCpu.Add(r.Cpu);
        }

        var batched = batchedRuns.MaxBy(r => r.RowsPerSecond)!;
        await raw.DisposeAsync();

        ClosedLoopResult? peak = null;
        if (options.PeakConcurrency > 0)
        {
            await QuiesceAsync();
            (peak, var peakPg) = await WithPg(() => ClosedLoop.RunAsync("gRPC SendMessage, no stream open", students, clients, new DeliveryHub(), server.Pid,
                options.PeakConcurrency, options.Warmup, options.CapacityDuration, body));
            Detail("Capacity", peak.Line() + "; " + peakPg);
            phaseCpu.Add(peak.Cpu);
        }

        // 2. Everyone online opens one stream.
        var hub = new DeliveryHub();
        var online = district.OnlinePeople;
        var heapBeforeStreams = await GcProbe.HeapAfterFullGcAsync(server.Pid, TimeSpan.FromSeconds(20));
        var (subscribers, openElapsed, openFailed) = await Streams.OpenAsync(online, clients, hub, TimeSpan.FromSeconds(120), batch: 250);
        var heapWithStreams = await GcProbe.HeapAfterFullGcAsync(server.Pid, TimeSpan.FromSeconds(20));
        if (heapBeforeStreams is { } hb && heapWithStreams is { } hs)
            Detail("Memory", Fmt.Inv($"server managed heap after a full GC: {Fmt.Mib(hb)} before the streams, {Fmt.Mib(hs)} with {subscribers.Count:#,0} open ({Fmt.Kib((hs - hb) / (double)Math.Max(1, subscribers.Count))} per open Subscribe stream)"));
        Detail("Streams", Fmt.Inv($"{subscribers.Count:#,0} online members opened one Subscribe stream each over {options.Channels} GrpcChannels in {openElapsed.TotalSeconds:0.0} s; not ready: {openFailed}") +
                          (openFailed > 0 ? $" (first error: {subscribers.Select(s => s.Error).FirstOrDefault(e => e is not null)})" : ""));
        var rssOnline = server.RssBytes();
        Detail("Connections", Fmt.Inv($"PostgreSQL client connections once everyone is online: {await PgCounters.ConnectionsAsync(control)} (the server's pools and this benchmark's one)"));
        if (options.CapacitySearch)
        {
            var search = await CapacitySearchAsync(machine, district, students, clients, hub);
            await Streams.CloseAsync(subscribers);
            clients.Dispose();
            return search;
        }

        await QuiesceAsync();
        var (withListeners, listenersPg) = await WithPg(() => ClosedLoop.RunAsync("gRPC SendMessage, all online", students, clients, hub, server.Pid,
            options.Concurrency, options.Warmup, options.CapacityDuration, body));
        Detail("Capacity", withListeners.Line() + "; " + listenersPg);
        phaseCpu.Add(withListeners.Cpu);
        await QuiesceAsync();
        var (roomPeak, roomPg) = await WithPg(() => ClosedLoop.RunAsync($"gRPC SendMessage into one {room.Online.Count}-member chat, all online", [room], clients, hub, server.Pid,
            16, options.Warmup, options.CapacityDuration, body));
        Detail("Capacity", roomPeak.Line() + "; " + roomPg);
        phaseCpu.Add(roomPeak.Cpu);

        // The latency test: 60 online members in one chat at half its peak (and, shorter, at an eighth and a quarter)...
        var roomRate = Math.Max(1, Math.Round(roomPeak.Rate / 2));
        var sweep = new List<OpenLoopResult>();
        foreach (var share in new[] { 8, 4 })
        {
            await QuiesceAsync();
            var r = await OpenLoopAsync($"one {room.Online.Count}-member chat at 1/{share} of its peak", [room], clients, hub, Math.Max(1, Math.Round(roomPeak.Rate / share)), options.Duration / 3);
            sweep.Add(r);
            Detail("Latency", r.Line());
            phaseCpu.Add(r.Cpu);
        }

        await QuiesceAsync();
        var latencyRoom = await OpenLoopAsync($"one {room.Online.Count}-member chat at half its peak", [room], clients, hub, roomRate, options.Duration);
        sweep.Add(latencyRoom);
        Detail("Latency", latencyRoom.Line());
        phaseCpu.Add(latencyRoom.Cpu);

        // ...and the same chat at a parent-like pace while the rest of the district carries half the district's peak.
        var quietRate = Math.Min(20, roomRate / 2);
        var backgroundRate = Math.Max(0, Math.Round(withListeners.Rate / 2 - quietRate));
        await QuiesceAsync();
        var quietRun = OpenLoopAsync($"one {room.Online.Count}-member chat at {quietRate:0} msg/s under background", [room], clients, hub, quietRate, options.Duration);
        var backgroundRun = OpenLoopAsync($"background over {students.Count} students' chats", students, clients, hub, backgroundRate, options.Duration);
        var latencyQuiet = await quietRun;
        var background = await backgroundRun;
        Detail("Latency", latencyQuiet.Line());
        phaseCpu.Add(latencyQuiet.Cpu);
        Detail("Latency", background.Line());

        // 4. The ejabberd-comparison workload.
        await QuiesceAsync();
        var (ejabberd, ejabberdPg) = await WithPg(() => OpenLoopAsync($"ejabberd workload ({students.Count} chats)", students, clients, hub, options.Rate, options.Duration));
        Detail("ejabberd workload", ejabberd.Line() + "; " + ejabberdPg);
        phaseCpu.Add(ejabberd.Cpu);
        var rssLoaded = server.RssBytes();

        // 5c. A grain-routed unary read vs a bare gRPC service with the same contract in a second process.
        var (grainRead, echoRead, grainSerial, echoSerial) = await UnaryComparisonAsync(clients, district);

        // 6. Restart: cold activation, memory per chat grain, the 08:00 storm.
        await Streams.CloseAsync(subscribers);
        var positions = subscribers.ToDictionary(s => s.Person, s => (IReadOnlyDictionary<string, long>)new Dictionary<string, long>(s.Positions));
        var streamErrors = subscribers.Count(s => s.Error is not null);
        var gaps = subscribers.Sum(s => s.Gaps);
        var duplicates = subscribers.Sum(s => s.Duplicates);
        Detail("Streams", $"while online: {Fmt.N(subscribers.Sum(s => s.Events))} events received, gaps {gaps}, duplicates {duplicates}, streams ended with an error {streamErrors}");
        clients.Dispose();
        Progress("restarting the server (SIGTERM, start again)");
        await server.StopAsync();
        await server.StartAsync();
        ColdResult? cold = null;
        StormResult? storm = null;
        string? afterRestartError = null;
        try
        {
            using (var fresh = new ClientPool(server.Address, options.Channels))
            {
                cold = await Restart.ColdAndMemoryAsync(server, fresh, district);
            }

            Detail("Cold activation", $"class chats: cold GetChat {cold.ColdClassChat.Summary()}; warm {cold.WarmClassChat.Summary()}; small chats (4 at a time) cold {cold.ColdSmallChat.Summary()}");
            Detail("Memory", cold.Heap0 is null ? "managed heap: the diagnostics socket did not answer" : Fmt.Inv($"managed heap after a full GC: after restart + warm-up {Fmt.Mib(cold.Heap0.Value)}; +{cold.ClassChats} class chats {Fmt.Mib(cold.Heap1 ?? 0)} ({Fmt.Kib(cold.HeapPerClassChat ?? 0)} each); +{cold.SmallChats} small chats {Fmt.Mib(cold.Heap2 ?? 0)} ({Fmt.Kib(cold.HeapPerSmallChat ?? 0)} each)"));
            Detail("Memory", Fmt.Inv($"VmRSS after restart + warm-up {Fmt.Mib(cold.Rss0)}; +{cold.ClassChats} class chats {Fmt.Mib(cold.Rss1)} ({Fmt.Kib(cold.BytesPerClassChat)} each); +{cold.SmallChats} small chats {Fmt.Mib(cold.Rss2)} ({Fmt.Kib(cold.BytesPerSmallChat)} each); before the restart: idle {Fmt.Mib(rssIdle)}, after setup {Fmt.Mib(rssAfterSetup)}, with streams open {Fmt.Mib(rssOnline)}, after load {Fmt.Mib(rssLoaded)}"));
            Progress("08:00 storm");
            storm = await Restart.StormAsync(server, server.Address, options.Channels, district, positions, options.StormMessagesPerChat, body);
            Detail("Storm", storm.Line());
            Detail("Connections", Fmt.Inv($"PostgreSQL client connections after the storm: {await PgCounters.ConnectionsAsync(control)}"));
        }
        catch (Exception e) when (e is Grpc.Core.RpcException or IOException or InvalidOperationException or TimeoutException)
        {
            // Keep what was measured before the restart; say what went wrong after it.
            afterRestartError = $"{e.GetType().Name}: {e.Message.Split('\n')[0]}" + (server.ExitReport is { } exit ? $" - the server process ended: {exit}" : "");
            Detail("After restart", "failed: " + afterRestartError);
        }

        await server.StopAsync();

        return Report(machine, district, serialCommit, single, batched, capacity, peak, withListeners, roomPeak, sweep, latencyQuiet, background, ejabberd,
            grainRead, echoRead, grainSerial, echoSerial, cold, storm, afterRestartError, firstStart);
    }

    /// <summary>A checkpoint and a pause before a measured phase, so the previous phase's dirty pages are not written during it.</summary>
    private async Task QuiesceAsync()
    {
        await control.RunAsync("CHECKPOINT", _ => 0, timeoutSeconds: 120);
        await Task.Delay(1000);
    }

    private async Task<(T Result, string Postgres)> WithPg<T>(Func<Task<T>> run)
    {
        var counters = await PgCounters.StartAsync(control);
        var result = await run();
        return (result, await counters.StopAsync());
    }

    /// <summary>
    /// The peer's search (../shared/peers/ejabberd, scenario s2a): the highest offered rate whose send-to-last-recipient
    /// p99 stays under 50 ms with no failed send and no missing delivery, found twice; the capacity is the lower of the two.
    /// </summary>
    private async Task<string> CapacitySearchAsync(string machine, District district, IReadOnlyList<ChatInfo> chats, ClientPool clients, DeliveryHub hub)
    {
        static bool Holds(OpenLoopResult r) => r.Failed == 0 && r.MissingDeliveries == 0 && r.LastRecipient.P(99) < 50_000;
        var report = new StringBuilder();
        report.AppendLine(Fmt.Inv($"## Capacity search: {chats.Count} chats x {chats.Average(c => c.Online.Count):0.#} online, p99 < 50 ms, 0 errors, 0 missing"));
        report.AppendLine().AppendLine(machine).AppendLine().AppendLine(district.Summary()).AppendLine();
        report.AppendLine("| run | offered msg/s | sustained msg/s | deliveries/s | last-recipient p50 | p99 | failed | missing | holds |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|");
        var found = new List<double>();
        for (var run = 1; run <= 2; run++)
        {
            double pass = 0, fail = double.PositiveInfinity, rate = 200;
            for (var step = 0; step < 12; step++)
            {
                await QuiesceAsync();
                var r = await OpenLoopAsync(Fmt.Inv($"capacity search {run}"), chats, clients, hub, rate, options.Duration);
                var holds = Holds(r);
                report.AppendLine(Fmt.Inv($"| {run} | {rate:#,0} | {r.SustainedRate:#,0} | {r.DeliveriesPerSecond:#,0} | {Fmt.Ms(r.LastRecipient.P(50))} | {Fmt.Ms(r.LastRecipient.P(99))} | {r.Failed} | {r.MissingDeliveries} | {(holds ? "yes" : "no")} |"));
                Progress(r.Line());
                if (holds) pass = rate;
                else fail = rate;
                if (double.IsPositiveInfinity(fail)) rate *= 2;
                else if (fail - pass <= Math.Max(25, pass * 0.1)) break;
                else rate = Math.Round((pass + fail) / 2);
            }

            found.Add(pass);
        }

        report.AppendLine().AppendLine(Fmt.Inv($"**Capacity (lower of two runs): {found.Min():#,0} msg/s** (runs: {string.Join(", ", found.Select(f => f.ToString("#,0", CultureInfo.InvariantCulture)))})."));
        report.AppendLine("Run the peer right after on the same machine: `QUICK=1 SCENARIOS=s2a PEER_DIR=$(mktemp -d) ../shared/peers/ejabberd/run.sh`.");
        return report.ToString();
    }

    private async Task<OpenLoopResult> OpenLoopAsync(string name, IReadOnlyList<ChatInfo> chats, ClientPool clients, DeliveryHub hub, double rate, double duration)
    {
        Progress(Fmt.Inv($"open loop: {name} at {rate:0} msg/s for {options.Warmup + duration:0} s"));
        var count = (int)Math.Ceiling(rate * (options.Warmup + duration)) + 1;
        var run = new OpenLoopRun(Interlocked.Increment(ref runIds), name, count);
        return await run.RunAsync(chats, clients, hub, server.Pid, rate, options.Warmup, duration, body);
    }

    private async Task<(UnaryResult Grain, UnaryResult Echo, UnaryResult GrainSerial, UnaryResult EchoSerial)> UnaryComparisonAsync(ClientPool clients, District district)
    {
        Progress("unary: grain-routed GetChat vs bare gRPC in a second process");
        var chat = district.StudentChats[0];
        var teacher = chat.Moderator;
        var reply = (await clients.Chats(teacher).GetChatAsync(new GetChatRequest { ChatId = chat.ChatId }, teacher.Call())).Chat;
        var (process, echoAddress) = await EchoServer.StartAsync(reply, options.Work);
        echo = process;
        using var grainChannel = ClientPool.Channel(server.Address);
        using var echoChannel = ClientPool.Channel(echoAddress);
        var grainClient = new ChatService.ChatServiceClient(grainChannel);
        var echoClient = new ChatService.ChatServiceClient(echoChannel);
        var request = new GetChatRequest { ChatId = chat.ChatId };
        Func<Task> grainCall = async () => await grainClient.GetChatAsync(request, teacher.Call());
        Func<Task> echoCall = async () => await echoClient.GetChatAsync(request, teacher.Call());
        var duration = Math.Max(3, options.CapacityDuration / 2);
        UnaryResult? bestGrain = null, bestEcho = null, serialGrain = null, serialEcho = null;
        for (var round = 0; round < (options.Quick ? 1 : 2); round++)
        {
            var g = await Unary.RunAsync("GetChat through the server (JWT, gateway, chat grain)", grainCall, 32, 1, duration);
            var e = await Unary.RunAsync("GetChat from the bare gRPC process", echoCall, 32, 1, duration);
            var gs = await Unary.RunAsync("GetChat through the server (JWT, gateway, chat grain)", grainCall, 1, 0.5, duration / 2);
            var es = await Unary.RunAsync("GetChat from the bare gRPC process", echoCall, 1, 0.5, duration / 2);
            foreach (var r in new[] { g, e, gs, es }) Detail("Unary", r.Line());
            if (bestGrain is null || g.CallsPerSecond > bestGrain.CallsPerSecond) bestGrain = g;
            if (bestEcho is null || e.CallsPerSecond > bestEcho.CallsPerSecond) bestEcho = e;
            if (serialGrain is null || gs.CallsPerSecond > serialGrain.CallsPerSecond) serialGrain = gs;
            if (serialEcho is null || es.CallsPerSecond > serialEcho.CallsPerSecond) serialEcho = es;
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        File.Delete(Path.Combine(options.Work, "echo.pid"));
        echo = null;
        return (bestGrain!, bestEcho!, serialGrain!, serialEcho!);
    }

    private async Task<string> MachineAsync()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKb = long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        var pg = await control.RunAsync(
            "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('shared_buffers'), current_setting('max_connections')",
            r => $"PostgreSQL {r.GetString(0)} (fsync={r.GetString(1)}, synchronous_commit={r.GetString(2)}, shared_buffers={r.GetString(3)}, max_connections={r.GetString(4)})");
        return Fmt.Inv($"{Environment.ProcessorCount} cores ({cpu}), {memKb / 1024.0 / 1024.0:0.0} GiB RAM, {pg}, .NET {Environment.Version}; server, PostgreSQL and load client share the machine");
    }

    private string Report(
        string machine, District district, RawResult serialCommit, RawResult single, RawResult batched, ClosedLoopResult capacity, ClosedLoopResult? peak,
        ClosedLoopResult withListeners, ClosedLoopResult roomPeak, List<OpenLoopResult> sweep, OpenLoopResult latencyQuiet, OpenLoopResult background,
        OpenLoopResult ejabberd, UnaryResult grainRead, UnaryResult echoRead, UnaryResult grainSerial, UnaryResult echoSerial, ColdResult? cold,
        StormResult? storm, string? afterRestartError, TimeSpan firstStart)
    {
        var latencyRoom = sweep[^1];
        var md = new StringBuilder();
        var mode = options.Quick ? "quick mode (a smaller district and shorter runs: a smoke run, not the DESIGN §9 numbers)" : "default mode";
        md.AppendLine(Fmt.Inv($"### Performance ({mode})"));
        md.AppendLine();
        md.AppendLine($"Command: `deploy/local/bench.sh{(options.Quick ? " --quick" : "")}` (benchmark options: `{options.Describe()}`; server started with `{string.Join(' ', ServerControl.TuningArgs.Take(3))}`{(options.ServerArgs.Count > 0 ? " " + string.Join(' ', options.ServerArgs) : "")}).");
        md.AppendLine();
        md.AppendLine($"Machine: {machine}.");
        md.AppendLine();
        md.AppendLine($"District built through the gRPC API: {district.Summary()}.");
        md.AppendLine();
        var elseMean = phaseCpu.Count == 0 ? 0 : phaseCpu.Average(c => c.ElseCores);
        var elseMax = phaseCpu.Count == 0 ? 0 : phaseCpu.Max(c => c.ElseCores);
        md.AppendLine(Fmt.Inv($"Sharing: before the run the machine was {noise.MachineBusy:P0} busy with work of others; during the measured phases processes other than the server, the load client and this PostgreSQL (other sessions' builds and tests, kernel work) used {elseMean:0.00} cores on average (at most {elseMax:0.00}) of the {Environment.ProcessorCount}.") +
                      (elseMean > 0.2 ? " The machine was not quiet: take these numbers as lower bounds and compare ratios measured in the same run." : ""));
        md.AppendLine();
        md.AppendLine("| Measure | Result | Goal (DESIGN §9) |");
        md.AppendLine("| --- | --- | --- |");
        void Row(string measure, string result, string goal = "") => md.AppendLine($"| {measure} | {result} | {goal} |");
        var sendRate = capacity.Rate;
        var rounds = options.Quick ? "" : " (best of 2, alternating with the baseline)";
        Row(Fmt.Inv($"Durable sends/s through gRPC (closed loop, {capacity.Concurrency} outstanding, {capacity.Chats} chats, ack after commit){rounds}"),
            Fmt.Inv($"{sendRate:#,0} msg/s (ack p50 {Fmt.Ms(capacity.Ack.P(50))}, p99 {Fmt.Ms(capacity.Ack.P(99))})"));
        if (peak is not null)
            Row(Fmt.Inv($"... with {peak.Concurrency} outstanding"), Fmt.Inv($"{peak.Rate:#,0} msg/s (ack p99 {Fmt.Ms(peak.Ack.P(99))}) = {Fmt.X(peak.Rate / single.RowsPerSecond)} the single-row baseline"));
        Row(Fmt.Inv($"... with all {district.OnlinePeople.Count:#,0} online members' streams open ({capacity.Concurrency} outstanding)"),
            Fmt.Inv($"{withListeners.Rate:#,0} msg/s, {withListeners.DeliveriesPerSecond:#,0} deliveries/s"));
        Row(Fmt.Inv($"Raw Npgsql single-row INSERT+COMMIT, {options.Concurrency} connections{rounds}"), Fmt.Inv($"{single.RowsPerSecond:#,0} rows/s (one connection alone: {serialCommit.RowsPerSecond:#,0} rows/s, commit p50 {Fmt.Ms(serialCommit.Latency!.P(50))})"));
        Row("**Durable gRPC sends ÷ raw single-row**", $"**{Fmt.X(sendRate / single.RowsPerSecond)}**", ">= 2x");
        Row($"Best raw batched insert ({batched.Name})", Fmt.Inv($"{batched.RowsPerSecond:#,0} rows/s"));
        Row("**Durable gRPC sends ÷ best raw batched**", $"**{Fmt.X(sendRate / batched.RowsPerSecond)}**", ">= 0.5x");
        Row(Fmt.Inv($"Peak of one chat with {district.ParentChats[0].Online.Count} online members (closed loop, {roomPeak.Concurrency} outstanding)"), Fmt.Inv($"{roomPeak.Rate:#,0} msg/s, {roomPeak.DeliveriesPerSecond:#,0} deliveries/s"));
        Row(Fmt.Inv($"**Send-to-last-recipient, {district.ParentChats[0].Online.Count} online in one chat at {latencyRoom.OfferedRate:0} msg/s (half its peak)**"),
            $"**p50 {Fmt.Ms(latencyRoom.LastRecipient.P(50))}, p99 {Fmt.Ms(latencyRoom.LastRecipient.P(99))}, p99.9 {Fmt.Ms(latencyRoom.LastRecipient.P(99.9))}**", "p99 <= 15 ms");
        Row("... send-ack (commit) in that run", $"p50 {Fmt.Ms(latencyRoom.Ack.P(50))}, p99 {Fmt.Ms(latencyRoom.Ack.P(99))}, p99.9 {Fmt.Ms(latencyRoom.Ack.P(99.9))}");
        Row("... the same chat at lower rates (last-recipient p99)", string.Join("; ", sweep.Take(sweep.Count - 1).Select(r => Fmt.Inv($"{r.OfferedRate:0} msg/s: p50 {Fmt.Ms(r.LastRecipient.P(50))}, p99 {Fmt.Ms(r.LastRecipient.P(99))}"))), "p99 <= 15 ms");
        Row(Fmt.Inv($"Send-to-last-recipient, same chat at {latencyQuiet.OfferedRate:0} msg/s while {background.Chats} other chats carry {background.OfferedRate:0} msg/s (half the district's peak in all)"),
            $"p50 {Fmt.Ms(latencyQuiet.LastRecipient.P(50))}, p99 {Fmt.Ms(latencyQuiet.LastRecipient.P(99))}, p99.9 {Fmt.Ms(latencyQuiet.LastRecipient.P(99.9))}; ack p99 {Fmt.Ms(latencyQuiet.Ack.P(99))}; background last-recipient p99 {Fmt.Ms(background.LastRecipient.P(99))}",
            "p99 <= 15 ms");
        Row(Fmt.Inv($"**ejabberd workload: {ejabberd.Chats} chats x {ejabberd.OnlinePerChat:0.#} online, offered {ejabberd.OfferedRate:#,0} msg/s**"),
            Fmt.Inv($"**sustained {ejabberd.SustainedRate:#,0} msg/s, {ejabberd.DeliveriesPerSecond:#,0} deliveries/s, last-recipient p99 {Fmt.Ms(ejabberd.LastRecipient.P(99))}**") +
            Fmt.Inv($" (p50 {Fmt.Ms(ejabberd.LastRecipient.P(50))}, p99.9 {Fmt.Ms(ejabberd.LastRecipient.P(99.9))}; ack p99 {Fmt.Ms(ejabberd.Ack.P(99))}; missing deliveries {ejabberd.MissingDeliveries:#,0})"),
            ">= 1,000 msg/s, 25,000 deliveries/s, p99 < 50 ms (ejabberd+PG archive: ~500 msg/s)");
        Row(Fmt.Inv($"Grain-routed unary read (GetChat, {grainRead.Concurrency} outstanding) vs bare gRPC process"),
            Fmt.Inv($"{grainRead.CallsPerSecond:#,0} vs {echoRead.CallsPerSecond:#,0} calls/s = **{Fmt.X(grainRead.CallsPerSecond / echoRead.CallsPerSecond)}**"), ">= 0.6x");
        Row("... one call at a time (latency p50)",
            Fmt.Inv($"{Fmt.Ms(grainSerial.Latency.P(50))} vs {Fmt.Ms(echoSerial.Latency.P(50))} ({grainSerial.CallsPerSecond:#,0} vs {echoSerial.CallsPerSecond:#,0} calls/s = {Fmt.X(grainSerial.CallsPerSecond / echoSerial.CallsPerSecond)})"));
        if (cold is not null)
        {
            if (cold.HeapPerClassChat is { } perClass && cold.HeapPerSmallChat is { } perSmall)
                Row("Memory per active chat grain (managed heap after a full GC, delta / chats)",
                    Fmt.Inv($"{Fmt.Kib(perClass)} per class chat ({cold.ClassChats} chats of ~{district.StudentChats.Average(c => c.Members.Count):0} members, with history); {Fmt.Kib(perSmall)} per one-member chat without history ({cold.SmallChats} chats)"));
            Row("... as server VmRSS delta / chats (includes garbage not yet collected)",
                Fmt.Inv($"{Fmt.Kib(cold.BytesPerClassChat)} per class chat; {Fmt.Kib(cold.BytesPerSmallChat)} per one-member chat"));
            Row("Cold activation (first GetChat of a class chat after restart) vs warm",
                $"cold p50 {Fmt.Ms(cold.ColdClassChat.P(50))}, p99 {Fmt.Ms(cold.ColdClassChat.P(99))}; warm p50 {Fmt.Ms(cold.WarmClassChat.P(50))}; chat without history cold p50 {Fmt.Ms(cold.ColdSmallChat.P(50))}");
        }

        if (storm is not null)
        {
            Row(Fmt.Inv($"08:00 storm: {storm.Members:#,0} members reconnect at once, resync after {storm.MissedMessages:#,0} offline messages"),
                Fmt.Inv($"all caught up in {storm.AllCaughtUp.TotalSeconds:0.00} s (per member p50 {Fmt.Ms(storm.PerMember.P(50))}, p99 {Fmt.Ms(storm.PerMember.P(99))}); {storm.EventsReplayed:#,0} events replayed, {storm.WrongCount} wrong, {storm.Failed} failed"));
        }

        if (afterRestartError is not null) Row("Cold activation, memory per chat, 08:00 storm (after a restart)", "failed: " + afterRestartError);
        Row("Server start (migrations, silo, gateway) to ready", Fmt.S(firstStart.TotalSeconds));
        md.AppendLine();
        md.AppendLine("Latencies are from the intended send time of an open-loop schedule (no coordinated omission); send-to-last-recipient is until the last online member of the chat, the sender included, got the event on its Subscribe stream. The bare gRPC process serves the same ChatService.GetChat contract with a canned reply of the same size, without authentication, Orleans or a grain.");
        md.AppendLine();
        md.AppendLine("<details><summary>Every run</summary>");
        md.AppendLine();
        md.Append(details);
        md.AppendLine();
        md.AppendLine("</details>");
        return md.ToString();
    }

    private void Detail(string section, string line)
    {
        details.AppendLine($"- **{section}**: {line}");
        Progress($"{section}: {line}");
    }

    private void Progress(string message) =>
        Console.Error.WriteLine(Fmt.Inv($"[{clock.Elapsed.TotalSeconds,6:0.0}s] {message}"));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (echo is { HasExited: false }) echo.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Gone.
        }

        await server.DisposeAsync();
        await control.DisposeAsync();
    }
}
