using System.Diagnostics;
using System.Text;

namespace DistrictSferum.Tests.Infrastructure;

/// <summary>
/// A DistrictSferum server as a separate OS process (the built server next to the tests), so a test can kill it
/// the hard way. Sign-in codes go to the development codes file in its data folder.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>
    /// Detect a dead silo in seconds rather than the production default of about a minute, yet not so fast that a
    /// live silo starved of CPU on a busy machine (two cores shared by parallel test classes and builds) misses
    /// its probes, is voted dead and kills itself: about 6-9 s of silence before a silo is declared dead.
    /// </summary>
    public static readonly string[] FastMembership =
    [
        "--Orleans:Membership:ProbeTimeout=00:00:02",
        "--Orleans:Membership:NumMissedProbesLimit=3",
        "--Orleans:Membership:NumVotesForDeathDeclaration=1",
        "--Orleans:Membership:TableRefreshTimeout=00:00:02",
        "--Orleans:Membership:IAmAliveTablePublishTimeout=00:00:03",
        "--Orleans:Messaging:ResponseTimeout=00:00:10",
        "--Chats:SendBurst=1000",
        "--Gateway:RateLimit:MutationsPerSecond=0",
        "--Gateway:RateLimit:StreamsPerUser=0",
    ];

    private readonly Process process;
    private readonly StringBuilder output = new();

    private ServerProcess(Process process, string dataFolder, int grpcPort, int healthPort)
    {
        this.process = process;
        DataFolder = dataFolder;
        GrpcPort = grpcPort;
        HealthPort = healthPort;
    }

    public string DataFolder { get; }

    public int GrpcPort { get; }

    public int HealthPort { get; }

    public string Address => $"http://127.0.0.1:{GrpcPort}";

    public string Output
    {
        get
        {
            lock (output) return output.ToString();
        }
    }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Starts the server and returns once /readyz answers 200 (silo active, PostgreSQL reachable).</summary>
    public static async Task<ServerProcess> StartAsync(string connectionString, string dataFolder, params string[] extraArgs)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(connectionString, dataFolder, extraArgs);
            try
            {
                // Generous: on a machine busy with parallel builds a server has taken over 90 s to start.
                await server.WaitReadyAsync(TimeSpan.FromSeconds(240));
                return server;
            }
            catch (InvalidOperationException) when (server.HasExited && FreePort.IsAddressInUse(new InvalidOperationException(server.Output)) && attempt < 5)
            {
                // A port found free was taken before the server bound it: try other ports.
                await server.DisposeAsync();
            }
        }
    }

    private static ServerProcess Launch(string connectionString, string dataFolder, string[] extraArgs)
    {
        var (grpcPort, healthPort, siloPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DistrictSferum.Server.dll"));
        foreach (var arg in new[]
                 {
                     // A development server: sign-in codes go to the codes file the tests read.
                     "--environment=Development",
                     "--Identity:Delivery:Mode=Development",
                     "--Identity:RateLimit:PerAddressPermits=100000",
                     $"--ConnectionStrings:Sferum={connectionString}",
                     "--Server:ListenAddress=127.0.0.1",
                     $"--Server:GrpcPort={grpcPort}",
                     $"--Server:HealthPort={healthPort}",
                     "--Server:WebPort=0",
                     $"--Server:DataFolder={dataFolder}",
                     $"--Orleans:SiloPort={siloPort}",
                     $"--Jwt:SigningKey={ServerHost.SigningKey}",
                     $"--Audit:ChainKey={ServerHost.AuditKey}",
                     $"--Bootstrap:OperatorContact={ServerHost.OperatorPhone}",
                     $"--Database:MaxPoolSize={ServerHost.TestPoolSize}",
                 }.Concat(extraArgs))
        {
            start.ArgumentList.Add(arg);
        }

        var server = new ServerProcess(Process.Start(start)!, dataFolder, grpcPort, healthPort);
        server.process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server.process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        return server;
    }

    /// <summary>The newest code the development sender wrote for <paramref name="contact"/> (waiting for the <paramref name="nth"/>, if given).</summary>
    public string CodeFor(string contact, int nth = 1)
    {
        // Codes leave through the server's delivery queue, just after RequestCode answers.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var codes = CodesOf(contact);
            if (codes.Count >= nth || DateTime.UtcNow > deadline) return codes.Count > 0 ? codes[^1] : throw new InvalidOperationException("No code was written for the contact.");
            Thread.Sleep(20);
        }
    }

    private List<string> CodesOf(string contact)
    {
        var path = Path.Combine(DataFolder, "sign-in-codes.log");
        if (!File.Exists(path)) return [];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t'))
            .Where(fields => fields.Length > 2 && fields[1] == contact).Select(fields => fields[2]).ToList();
    }

    /// <summary>Signs in through <paramref name="channel"/> with the code this server's sender wrote down.</summary>
    public async Task<Session> SignInAsync(Grpc.Net.Client.GrpcChannel channel, string contact)
    {
        var auth = new Protos.V1.AuthService.AuthServiceClient(channel);
        var normalized = Contracts.Identity.ContactAddress.Parse(contact).Value;
        var before = CodesOf(normalized).Count;
        await auth.RequestCodeAsync(new Protos.V1.RequestCodeRequest { Contact = contact });
        var tokens = (await auth.SignInAsync(new Protos.V1.SignInRequest { Contact = contact, Code = CodeFor(normalized, before + 1) })).Tokens;
        return new Session(channel, tokens);
    }

    public void Kill() => process.Kill(entireProcessTree: true);

    /// <summary>Sends SIGTERM, as an orchestrator does, and waits for the process to exit.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])) await kill.WaitForExitAsync().WaitAsync(timeout);
        await process.WaitForExitAsync().WaitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        try
        {
            // Bounded: the wait includes the end of its output, which a stray child holding the pipe could withhold.
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output)
        {
            output.AppendLine(line);
            // For a failure that needs the servers' side of the story: SFERUM_TEST_SERVER_LOGS=folder keeps it.
            if (Environment.GetEnvironmentVariable("SFERUM_TEST_SERVER_LOGS") is { Length: > 0 } folder)
                File.AppendAllText(Path.Combine(folder, $"server-{GrpcPort}.log"), line + Environment.NewLine);
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited with {process.ExitCode}:\n{Output}");
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{HealthPort}/readyz", deadline.Token);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                // One probe timed out; the deadline has not.
            }

            if (deadline.IsCancellationRequested) throw new TimeoutException($"The server was not ready within {timeout}:\n{Output}");
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
