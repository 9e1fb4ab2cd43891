using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace DistrictSferum.Benchmarks;

/// <summary>
/// The DistrictSferum server as a separate process on loopback (as the tests' ServerProcess starts it), with the
/// chat rate limit raised for load and a bootstrapped operator. Restartable on the same ports and data folder.
/// </summary>
public sealed class ServerControl : IAsyncDisposable
{
    public const string OperatorPhone = "+70000000001";

    private readonly BenchOptions options;
    private readonly string signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string auditKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private Process? process;
    private StreamWriter? log;
    private Action stopRequested = () => { };

    public ServerControl(BenchOptions options)
    {
        this.options = options;
        DataFolder = Path.Combine(options.Work, "server-data");
        Directory.CreateDirectory(DataFolder);
    }

    public string DataFolder { get; }

    /// <summary>Chosen afresh at every start, so a restart never races another program for the old ports.</summary>
    public int GrpcPort { get; private set; }

    public int HealthPort { get; private set; }

    public int SiloPort { get; private set; }

    /// <summary>How the last server process ended, if it did ("exit code N" or "killed by signal N").</summary>
    public string? ExitReport { get; private set; }

    public string Address => $"http://127.0.0.1:{GrpcPort}";

    /// <summary>Settings for the next start only (the statistics run restarts with them on and off).</summary>
    public List<string> ExtraArgs { get; } = [];

    public int Pid => process?.Id ?? throw new InvalidOperationException("The server is not running.");

    public string CodesFile => Path.Combine(DataFolder, "sign-in-codes.log");

    public string LogFile => Path.Combine(options.Work, "server.log");

    /// <summary>The arguments besides ports and paths, for the report.</summary>
    public static readonly string[] TuningArgs =
    [
        "--Chats:SendBurst=1000000",
        "--Chats:SendsPerSecond=1000000",
        "--Gateway:RateLimit:MutationsPerSecond=0",
        "--Gateway:RateLimit:StreamsPerUser=0",
        "--Jwt:AccessLifetime=04:00:00",
        "--environment=Development",
        "--Identity:Delivery:Mode=Development",
        "--Identity:RateLimit:PerAddressPermits=1000000",
        "--Identity:RateLimit:GlobalPermits=1000000",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:DistrictSferum.Grains.Identity.Delivery.DevelopmentCodeSender=Error",
    ];

    public async Task StartAsync()
    {
        (GrpcPort, HealthPort, SiloPort) = (FreePort(), FreePort(), FreePort());
        ExitReport = null;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(options.ServerDll);
        foreach (var arg in new[]
                 {
                     "--contentRoot", Path.GetDirectoryName(options.ServerDll)!,
                     $"--ConnectionStrings:Sferum={options.Connection}",
                     "--Server:ListenAddress=127.0.0.1",
                     $"--Server:GrpcPort={GrpcPort}",
                     $"--Server:HealthPort={HealthPort}",
                     "--Server:WebPort=0",
                     $"--Server:DataFolder={DataFolder}",
                     $"--Orleans:SiloPort={SiloPort}",
                     "--Orleans:AdvertisedAddress=127.0.0.1",
                     $"--Jwt:SigningKey={signingKey}",
                     $"--Audit:ChainKey={auditKey}",
                     $"--Bootstrap:OperatorContact={OperatorPhone}",
                     // Unused by the server: tells anyone looking at `ps` whose process this is.
                     $"--Benchmark:StartedBy=deploy/local/bench.sh:{Environment.ProcessId}",
                 }.Concat(TuningArgs).Concat(options.ServerArgs).Concat(ExtraArgs))
        {
            start.ArgumentList.Add(arg);
        }

        log ??= new StreamWriter(LogFile, append: true) { AutoFlush = true };
        await log.WriteLineAsync($"==== server start {DateTimeOffset.UtcNow:O}");
        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var started = process;
        var stopping = false;
        stopRequested = () => stopping = true;
        process.Exited += (_, _) =>
        {
            var code = started.ExitCode;
            ExitReport = code > 128 ? $"killed by signal {code - 128}" : $"exit code {code}";
            Write(log, $"==== server process {started.Id} ended at {DateTimeOffset.UtcNow:O}: {ExitReport}{(stopping ? " (stop requested)" : " (unexpected)")}");
        };
        if (!process.Start()) throw new InvalidOperationException("dotnet did not start");
        await File.WriteAllTextAsync(Path.Combine(options.Work, "server.pid"), process.Id.ToString(CultureInfo.InvariantCulture));
        var writer = log;
        process.OutputDataReceived += (_, e) => Write(writer, e.Data);
        process.ErrorDataReceived += (_, e) => Write(writer, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitReadyAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>SIGTERM, as an orchestrator stops it; killed if it does not exit in time.</summary>
    public async Task StopAsync()
    {
        if (process is null) return;
        stopRequested();
        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(40));
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
        process = null;
        File.Delete(Path.Combine(options.Work, "server.pid"));
    }

    /// <summary>Resident memory of the server process (VmRSS), in bytes.</summary>
    public long RssBytes() => ProcStat.RssBytes(Pid);

    public async ValueTask DisposeAsync()
    {
        stopRequested();
        try
        {
            if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process?.Dispose();
        process = null;
        File.Delete(Path.Combine(options.Work, "server.pid"));
        if (log is not null) await log.DisposeAsync();
        log = null;
    }

    private static void Write(StreamWriter? writer, string? line)
    {
        if (line is null || writer is null) return;
        lock (writer)
        {
            try
            {
                writer.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The run is over.
            }
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (process!.HasExited) throw new InvalidOperationException($"The server exited with {process.ExitCode}; see {LogFile}");
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{HealthPort}/readyz");
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The server was not ready within {timeout}; see {LogFile}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Reads /proc: resident memory and CPU time of a process, and the machine's CPU counters.</summary>
public static class ProcStat
{
    public static long RssBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var kb = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
        }

        return 0;
    }

    public static int ParentOf(int pid)
    {
        var text = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(text[(text.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>utime + stime of a process, in clock ticks (1/100 s); with <paramref name="children"/>, plus its reaped children's.</summary>
    public static long ProcessTicks(int pid, bool children = false)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            if (children) ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            return ticks;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

/// <summary>
/// CPU used during one phase: by the server, by this load client, by this run's PostgreSQL (its postmaster, the
/// backends and autovacuum workers it reaps), and everything else on the machine (other sessions' builds and tests,
/// kernel threads and interrupts), from /proc.
/// </summary>
public sealed class CpuMeter
{
    /// <summary>The private PostgreSQL's postmaster (first line of DATA_DIR/pg/postmaster.pid); 0 if unknown.</summary>
    public static int PostmasterPid { get; set; }

    /// <summary>Counts PostgreSQL's CPU from the benchmark's private cluster in <paramref name="work"/> (its postmaster's children).</summary>
    public static void UsePostmasterOf(string work)
    {
        var postmasterFile = Path.Combine(work, "pg", "postmaster.pid");
        if (File.Exists(postmasterFile) && int.TryParse(File.ReadLines(postmasterFile).First(), out var postmaster)) PostmasterPid = postmaster;
    }

    private readonly int serverPid;
    private readonly Snapshot start;

    private CpuMeter(int serverPid)
    {
        this.serverPid = serverPid;
        start = Take(serverPid);
    }

    public static CpuMeter Start(int serverPid) => new(serverPid);

    public CpuUse Stop(TimeSpan elapsed)
    {
        var end = Take(serverPid);
        var seconds = Math.Max(0.001, elapsed.TotalSeconds);
        double Cores(long ticks) => Math.Max(0, ticks) / 100.0 / seconds;
        var totalTicks = Math.Max(1, end.Total - start.Total);
        var busyCores = (double)(end.Busy - start.Busy) / totalTicks * Environment.ProcessorCount;
        var server = Cores(end.Server - start.Server);
        var client = Cores(end.Client - start.Client);
        var postgres = Cores(end.Postgres - start.Postgres);
        return new CpuUse(server, client, postgres, Math.Max(0, busyCores - server - client - postgres), busyCores / Environment.ProcessorCount);
    }

    private sealed record Snapshot(long Server, long Client, long Postgres, long Busy, long Total);

    private static Snapshot Take(int serverPid)
    {
        long server = 0, client = 0, postgres = 0;
        var postmaster = PostmasterPid;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0]) || !int.TryParse(name, out var pid)) continue;
            try
            {
                if (pid == serverPid) server += ProcStat.ProcessTicks(pid);
                else if (pid == Environment.ProcessId) client += ProcStat.ProcessTicks(pid);
                // The postmaster reaps its backends and autovacuum workers: their time is in its children's counters.
                else if (postmaster > 0 && pid == postmaster) postgres += ProcStat.ProcessTicks(pid, children: true);
                else if (postmaster > 0 && ProcStat.ParentOf(pid) == postmaster) postgres += ProcStat.ProcessTicks(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // Gone meanwhile.
            }
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Take(8).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        return new Snapshot(server, client, postgres, total - fields[3] - fields[4], total);
    }
}

public sealed record CpuUse(double ServerCores, double ClientCores, double PostgresCores, double ElseCores, double MachineBusy)
{
    public static readonly CpuUse None = new(0, 0, 0, 0, 0);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"server {ServerCores:0.00} + client {ClientCores:0.00} + PostgreSQL {PostgresCores:0.00} + everything else {ElseCores:0.00} cores ({MachineBusy:P0} of the machine busy)");
}
