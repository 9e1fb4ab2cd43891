using System.Diagnostics;
using System.Globalization;
using System.Net;
using DistrictSferum.Protos.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace DistrictSferum.Benchmarks;

/// <summary>
/// The bare gRPC baseline: a second process running only Kestrel + grpc-dotnet with the same ChatService contract,
/// whose GetChat returns a canned Chat of the same size as the real server's answer (its chat_id echoed back).
/// No Orleans, no authentication, no grain: what the framework alone costs.
/// </summary>
public static class EchoServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        var port = int.Parse(Arg(args, "--port"), CultureInfo.InvariantCulture);
        var parent = int.Parse(Arg(args, "--parent"), CultureInfo.InvariantCulture);
        var reply = Chat.Parser.ParseFrom(Convert.FromBase64String(Arg(args, "--reply")));
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new CannedChat(reply));
        var app = builder.Build();
        app.MapGrpcService<EchoChatService>();
        await app.StartAsync();
        // Ends with the load client, whatever happens to it.
        var stopping = app.Lifetime.ApplicationStopping;
        for (var i = 0; i < 24 * 3600 && !stopping.IsCancellationRequested; i++)
        {
            await Task.Delay(1000, CancellationToken.None);
            if (!File.Exists($"/proc/{parent}/status")) break;
        }

        await app.StopAsync();
        return 0;
    }

    private static string Arg(string[] args, string name) =>
        args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? throw new ArgumentException($"{name} is required");

    public sealed record CannedChat(Chat Chat);

    private sealed class EchoChatService(CannedChat canned) : ChatService.ChatServiceBase
    {
        public override Task<GetChatResponse> GetChat(GetChatRequest request, ServerCallContext context)
        {
            var chat = canned.Chat.Clone();
            chat.ChatId = request.ChatId;
            return Task.FromResult(new GetChatResponse { Chat = chat });
        }
    }

    /// <summary>Starts this program again as the echo process (server GC, like the real server).</summary>
    public static async Task<(Process Process, string Address)> StartAsync(Chat reply, string work)
    {
        var port = ServerControl.FreePort();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(EchoServer).Assembly.Location);
        foreach (var a in new[] { "--echo-server", "--port", port.ToString(CultureInfo.InvariantCulture), "--parent", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "--reply", Convert.ToBase64String(reply.ToByteArray()) })
            start.ArgumentList.Add(a);
        start.Environment["DOTNET_gcServer"] = "1";
        start.Environment["DOTNET_gcConcurrent"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("the echo process did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await File.WriteAllTextAsync(Path.Combine(work, "echo.pid"), process.Id.ToString(CultureInfo.InvariantCulture));
        var address = $"http://127.0.0.1:{port}";
        using var probe = GrpcChannel.ForAddress(address);
        var client = new ChatService.ChatServiceClient(probe);
        for (var i = 0; i < 300; i++)
        {
            try
            {
                await client.GetChatAsync(new GetChatRequest { ChatId = "probe" }, deadline: DateTime.UtcNow.AddSeconds(2));
                return (process, address);
            }
            catch (RpcException)
            {
                if (process.HasExited) throw new InvalidOperationException($"the echo process exited with {process.ExitCode}");
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("the echo process did not answer");
    }
}

public sealed record UnaryResult(string Name, int Concurrency, double CallsPerSecond, Hist Latency)
{
    public string Line() => Fmt.Inv($"{Name}, {Concurrency} outstanding: {CallsPerSecond:#,0} calls/s; {Latency.Summary()}");
}

/// <summary>Closed-loop unary calls from one client channel.</summary>
public static class Unary
{
    public static async Task<UnaryResult> RunAsync(string name, Func<Task> call, int concurrency, double warmup, double duration)
    {
        var frequency = Stopwatch.Frequency;
        var windowStart = Stopwatch.GetTimestamp() + (long)(warmup * frequency);
        var windowEnd = windowStart + (long)(duration * frequency);
        var count = 0L;
        var hist = new Hist();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 100_000_000; i++)
            {
                var t = Stopwatch.GetTimestamp();
                if (t >= windowEnd) return;
                await call();
                var now = Stopwatch.GetTimestamp();
                if (t >= windowStart && now <= windowEnd)
                {
                    Interlocked.Increment(ref count);
                    hist.RecordTicks(now - t);
                }
            }
        })));
        return new UnaryResult(name, concurrency, count / duration, hist);
    }
}
