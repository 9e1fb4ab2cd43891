using DistrictSferum.Benchmarks;

if (args.Contains("--echo-server")) return await EchoServer.RunAsync(args);
if (args is ["--ops-load", ..]) return await OpsLoad.RunAsync(args);
if (args is ["--gc-probe", var probePid])
{
    // Diagnostics aid: the managed heap of a .NET process after a full GC.
    var heap = await GcProbe.HeapAfterFullGcAsync(int.Parse(probePid, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(10));
    Console.WriteLine(heap is { } h ? Fmt.Mib(h) : "no answer");
    return heap is null ? 1 : 0;
}


BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync("bench: " + e.Message);
    return 2;
}

if (options.Files)
{
    var files = await new FilesBench(options).RunAsync();
    Console.WriteLine(files);
    if (options.ReportFile is { } filesFile) await File.WriteAllTextAsync(filesFile, files);
    return 0;
}

if (options.Sessions)
{
    var sessions = await new SessionBench(options).RunAsync();
    Console.WriteLine(sessions);
    if (options.ReportFile is { } sessionsFile) await File.WriteAllTextAsync(sessionsFile, sessions);
    return 0;
}

if (options.Cost)
{
    var cost = await new CostBench(options).RunAsync();
    Console.WriteLine(cost);
    if (options.ReportFile is { } costFile) await File.WriteAllTextAsync(costFile, cost);
    return 0;
}

if (options.September)
{
    var september = await new SeptemberBench(options).RunAsync();
    Console.WriteLine(september);
    if (options.ReportFile is { } septemberFile) await File.WriteAllTextAsync(septemberFile, september);
    return 0;
}

if (options.Statistics)
{
    var statistics = await new StatisticsBench(options).RunAsync();
    Console.WriteLine(statistics);
    if (options.ReportFile is { } statisticsFile) await File.WriteAllTextAsync(statisticsFile, statistics);
    return 0;
}

await using var bench = new Bench(options);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
try
{
    var report = await bench.RunAsync().WaitAsync(cancel.Token);
    Console.WriteLine(report);
    if (options.ReportFile is { } file) await File.WriteAllTextAsync(file, report);
    return 0;
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync("bench: interrupted");
    return 130;
}
catch (Exception e)
{
    await Console.Error.WriteLineAsync("bench: failed: " + e);
    return 1;
}
