using System.Diagnostics;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;

namespace DistrictSferum.Benchmarks;

/// <summary>
/// Issue 11's figures, each against a same-run baseline (<c>bench.sh --statistics</c>): durable sends with the
/// statistics aggregators on vs off (alternating restarts of the same server on the same database), the delay
/// from a minute's end to its WatchUsage delivery, and QueryUsage of a year of hourly buckets of a 90-school
/// district (seeded) against the same rows read by a bare Npgsql query.
/// </summary>
public sealed class StatisticsBench(BenchOptions options)
{
    private readonly List<string> report = [];

    public async Task<string> RunAsync()
    {
        await using var server = new ServerControl(options);
        await server.StartAsync();
        var codes = new CodeBook(server.CodesFile);
        var clients = new ClientPool(server.Address, options.Channels);
        var district = await new DistrictBuilder(options, clients, codes, Progress).BuildAsync();
        Progress(district.Summary());
        var body = Bodies.Of(options.BodyLength);

        // 1. Send throughput, statistics on vs off, alternating so a noisy moment hits both alike.
        var on = new List<double>();
        var off = new List<double>();
        for (var round = 0; round < (Runs("sends") ? options.Quick ? 1 : 2 : 0); round++)
        {
            foreach (var enabled in new[] { true, false })
            {
                await server.StopAsync();
                server.ExtraArgs.Clear();
                server.ExtraArgs.Add($"--Statistics:Enabled={enabled}");
                await server.StartAsync();
                clients.Dispose();
                clients = new ClientPool(server.Address, options.Channels);
                // Each run follows a restart: a longer warm-up keeps JIT and the chats' activation out of the figure.
                var result = await ClosedLoop.RunAsync($"gRPC SendMessage, statistics {(enabled ? "on" : "off")}", district.StudentChats, clients, new DeliveryHub(),
                    server.Pid, options.Concurrency, Math.Max(options.Warmup, 10), options.CapacityDuration, body);
                (enabled ? on : off).Add(result.Rate);
                Progress(result.Line());
                report.Add($"- {result.Line()}");
            }
        }

        if (on.Count > 0) report.Insert(0, Fmt.Inv($"| Send throughput, statistics on vs off (goal >= 0.97x) | {on.Max():#,0} vs {off.Max():#,0} msg/s | **{Fmt.X(on.Max() / off.Max())}** |"));

        // The rounds above end with statistics off; what follows measures the statistics side itself.
        await server.StopAsync();
        server.ExtraArgs.Clear();
        await server.StartAsync();
        clients.Dispose();
        clients = new ClientPool(server.Address, options.Channels);

        // 2. A minute's end to its WatchUsage delivery: every school watched by the operator while sends go on.
        var op = district.Operator;
        var stats = new StatisticsService.StatisticsServiceClient(clients.Invoker(op));
        var delays = new Hist();
        var minutes = options.Quick ? 2 : 3;
        var settle = TimeSpan.FromSeconds(60);
        if (Runs("watch"))
        {
            using var stop = new CancellationTokenSource();
            var load = ClosedLoop.RunAsync("light load while watching", district.StudentChats, clients, new DeliveryHub(), server.Pid, 4, 0,
                settle.TotalSeconds + minutes * 60 + 70, body);
            // The aggregators first fold what the statistics-off round left behind: the delay is measured once they are current.
            await Task.Delay(settle);
            var watchers = district.SchoolIds.Select(school => Task.Run(async () =>
            {
                try
                {
                    using var call = stats.WatchUsage(new WatchUsageRequest { SchoolId = school }, op.Call(stop.Token));
                    var first = true;
                    while (await call.ResponseStream.MoveNext(stop.Token))
                    {
                        var end = call.ResponseStream.Current.BucketStart.ToDateTimeOffset().AddMinutes(1);
                        // The first answer is the newest bucket closed before the watch began: not a live delivery.
                        if (!first) lock (delays) delays.Record((long)((DateTimeOffset.UtcNow - end).TotalMilliseconds * 1000));
                        first = false;
                    }
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
                {
                }
                catch (OperationCanceledException)
                {
                }
            })).ToList();
            await Task.Delay(TimeSpan.FromSeconds(minutes * 60 + 65));
            await stop.CancelAsync();
            await Task.WhenAll(watchers);
            await load;
        }

        if (delays.Count > 0) report.Add(Fmt.Inv($"| Minute end to WatchUsage delivery, {district.SchoolIds.Count} schools x {minutes} min (goal p99 <= 2 s) | {delays.Count} buckets | p50 {Fmt.Ms(delays.P(50))}, **p99 {Fmt.Ms(delays.P(99))}**, max {Fmt.Ms(delays.Max)} |"));

        if (!Runs("query")) return Report();

        // 3. A year of hourly buckets for 90 schools (seeded straight into usage_cells), read through QueryUsage and raw.
        var seedWatch = Stopwatch.StartNew();
        var yearEnd = new DateTimeOffset(DateTime.UtcNow.Year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var yearStart = yearEnd.AddYears(-1);
        await SeedYearAsync(yearStart, yearEnd);
        Progress(Fmt.Inv($"seeded a year of hourly cells for 90 schools in {seedWatch.Elapsed.TotalSeconds:0.0} s"));
        var request = new QueryUsageRequest
        {
            From = Timestamp.FromDateTimeOffset(yearStart),
            To = Timestamp.FromDateTimeOffset(yearEnd),
            Bucket = UsageBucket.Hour,
            Metrics = { "message_sent", "active_members" },
        };
        // Cold: each query a range never asked before (shifted by an hour), so the server reads and suppresses it.
        // Warm: the same query again, as a dashboard repeats it, answered from what the server published (closed buckets).
        var cold = new Hist();
        var warm = new Hist();
        var raw = new Hist();
        var cells = 0;
        await using var db = NpgsqlDataSource.Create(options.Connection);
        var runs = (options.Quick ? 30 : 100) + 5;
        for (var i = 0; i < runs; i++)
        {
            var shifted = request.Clone();
            shifted.From = Timestamp.FromDateTimeOffset(yearStart.AddHours(runs - i));
            var t = Stopwatch.GetTimestamp();
            await stats.QueryUsageAsync(shifted, op.Call());
            if (i >= 5) cold.RecordTicks(Stopwatch.GetTimestamp() - t);
            t = Stopwatch.GetTimestamp();
            var answer = await stats.QueryUsageAsync(request, op.Call());
            if (i >= 5) warm.RecordTicks(Stopwatch.GetTimestamp() - t);
            cells = answer.Cells.Count;
            t = Stopwatch.GetTimestamp();
            await RawYearAsync(db, yearStart, yearEnd);
            if (i >= 5) raw.RecordTicks(Stopwatch.GetTimestamp() - t);
        }

        report.Add(Fmt.Inv($"| QueryUsage, a year of hourly district buckets over 90 seeded schools ({cells:#,0} cells; goal p99 <= 100 ms), cold (a range not asked before) | p50 {Fmt.Ms(cold.P(50))}, **p99 {Fmt.Ms(cold.P(99))}** | raw Npgsql read of the same rows p99 {Fmt.Ms(raw.P(99))}: **{Fmt.X(raw.P(99) / cold.P(99))}** |"));
        report.Add(Fmt.Inv($"| QueryUsage, the same year asked again (warm: closed buckets answered from what was published) | p50 {Fmt.Ms(warm.P(50))}, **p99 {Fmt.Ms(warm.P(99))}** | raw read p99: **{Fmt.X(raw.P(99) / warm.P(99))}** |"));
        clients.Dispose();
        return Report();
    }

    private bool Runs(string phase) => options.StatisticsPhases.Count == 0 || options.StatisticsPhases.Contains(phase);

    private string Report()
    {
        return "## Statistics (issue 11)\n\n| Figure | Measured | Same-run comparison |\n|---|---|---|\n" + string.Join("\n", report.Where(l => l.StartsWith('|'))) +
               "\n\nRuns:\n" + string.Join("\n", report.Where(l => l.StartsWith('-'))) + "\n";
    }

    /// <summary>90 schools x 8,760 hours x two metrics, and the district totals the aggregators would have written.</summary>
    private async Task SeedYearAsync(DateTimeOffset from, DateTimeOffset to)
    {
        await using var db = NpgsqlDataSource.Create(options.Connection);
        await using var seed = db.CreateCommand("""
            INSERT INTO usage_cells (bucket, bucket_start, school_id, class_key, chat_kind, role, kind, count, members)
            SELECT 'h', h, 'seeded-' || s, '', '', '', k, (random() * 300)::bigint, 5 + (random() * 40)::int
              FROM generate_series(@from, @to - interval '1 hour', interval '1 hour') AS h, generate_series(1, 90) AS s,
                   unnest(ARRAY['message_sent', 'active_members']) AS k
            UNION ALL
            SELECT 'h', h, '', '', '', '', k, (random() * 27000)::bigint, 450 + (random() * 3600)::int
              FROM generate_series(@from, @to - interval '1 hour', interval '1 hour') AS h, unnest(ARRAY['message_sent', 'active_members']) AS k
            ON CONFLICT DO NOTHING
            """);
        seed.CommandTimeout = 600;
        seed.Parameters.AddWithValue("from", from);
        seed.Parameters.AddWithValue("to", to);
        await seed.ExecuteNonQueryAsync();
        await using var analyze = db.CreateCommand("ANALYZE usage_cells");
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task RawYearAsync(NpgsqlDataSource db, DateTimeOffset from, DateTimeOffset to)
    {
        await using var command = db.CreateCommand("""
            SELECT bucket_start, school_id, class_key, class_name, grade, chat_kind, role, kind, count, seconds, members FROM usage_cells
             WHERE bucket = 'h' AND school_id = '' AND bucket_start >= @from AND bucket_start < @to AND class_key = '' AND chat_kind = '' AND role = ''
               AND kind = ANY(@kinds)
            """);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        command.Parameters.AddWithValue("kinds", new[] { "message_sent", "active_members" });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }
    }

    private static void Progress(string line) => Console.Error.WriteLine($"bench: {line}");
}
