using DistrictSferum.Protos.V1;

namespace DistrictSferum.Benchmarks;

/// <summary>
/// Issue 8's figure (<c>bench.sh --sessions</c>): the cost of checking on every call that its session is alive, as
/// the GetChat rate with the check on vs off (Identity:Sessions:CheckEveryCall, a Development-only switch), the same
/// server restarted on the same database, alternating so a noisy moment hits both alike; best round of each.
/// </summary>
public sealed class SessionBench(BenchOptions options)
{
    public async Task<string> RunAsync()
    {
        await using var server = new ServerControl(options);
        await server.StartAsync();
        var codes = new CodeBook(server.CodesFile);
        var clients = new ClientPool(server.Address, options.Channels);
        var district = await new DistrictBuilder(options, clients, codes, Progress).BuildAsync();
        Progress(district.Summary());
        var chat = district.StudentChats[0];
        var teacher = chat.Moderator;
        var request = new GetChatRequest { ChatId = chat.ChatId };
        var duration = Math.Max(3, options.CapacityDuration);
        var lines = new List<string>();
        UnaryResult? bestOn = null, bestOff = null, serialOn = null, serialOff = null;
        for (var round = 0; round < (options.Quick ? 2 : 3); round++)
        {
            foreach (var check in new[] { true, false })
            {
                await server.StopAsync();
                server.ExtraArgs.Clear();
                server.ExtraArgs.Add($"--Identity:Sessions:CheckEveryCall={check}");
                await server.StartAsync();
                using var channel = ClientPool.Channel(server.Address);
                var client = new ChatService.ChatServiceClient(channel);
                Func<Task> call = async () => await client.GetChatAsync(request, teacher.Call());
                var name = $"GetChat, session check {(check ? "on" : "off")}";
                // A restarted server is cold (JIT, grain activations, the session cache): warm it before measuring.
                await Unary.RunAsync("warm-up", call, 32, 0, 3);
                var busy = await Unary.RunAsync(name, call, 32, 1, duration);
                var serial = await Unary.RunAsync(name, call, 1, 0.5, duration / 2);
                foreach (var r in new[] { busy, serial })
                {
                    Progress(r.Line());
                    lines.Add("- " + r.Line());
                }

                if (check)
                {
                    if (bestOn is null || busy.CallsPerSecond > bestOn.CallsPerSecond) bestOn = busy;
                    if (serialOn is null || serial.CallsPerSecond > serialOn.CallsPerSecond) serialOn = serial;
                }
                else
                {
                    if (bestOff is null || busy.CallsPerSecond > bestOff.CallsPerSecond) bestOff = busy;
                    if (serialOff is null || serial.CallsPerSecond > serialOff.CallsPerSecond) serialOff = serial;
                }
            }
        }

        return string.Join('\n', [
            "# Per-call session check (issue 8)",
            "",
            "| Figure | With / without | Ratio |",
            "|---|---|---|",
            Fmt.Inv($"| GetChat throughput, 32 outstanding, check on vs off | {bestOn!.CallsPerSecond:#,0} vs {bestOff!.CallsPerSecond:#,0} calls/s | **{Fmt.X(bestOn.CallsPerSecond / bestOff.CallsPerSecond)}** |"),
            Fmt.Inv($"| GetChat one at a time, check on vs off | {serialOn!.CallsPerSecond:#,0} vs {serialOff!.CallsPerSecond:#,0} calls/s | **{Fmt.X(serialOn.CallsPerSecond / serialOff.CallsPerSecond)}** |"),
            "",
            "Rounds (best of each kept above):",
            .. lines,
            "",
            $"Options: {options.Describe()}",
        ]);
    }

    private static void Progress(string line) => Console.Error.WriteLine("bench: " + line);
}
