using System.Diagnostics;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Benchmarks;

public sealed record ColdResult(
    Hist ColdClassChat, Hist WarmClassChat, Hist ColdSmallChat, int ClassChats, int SmallChats,
    long Rss0, long Rss1, long Rss2, long? Heap0, long? Heap1, long? Heap2)
{
    public double BytesPerClassChat => (Rss1 - Rss0) / (double)Math.Max(1, ClassChats);

    public double BytesPerSmallChat => (Rss2 - Rss1) / (double)Math.Max(1, SmallChats);

    /// <summary>Managed heap after a full GC, per chat: what the activations keep alive.</summary>
    public double? HeapPerClassChat => Heap1 - Heap0 is { } d ? d / (double)Math.Max(1, ClassChats) : null;

    public double? HeapPerSmallChat => Heap2 - Heap1 is { } d ? d / (double)Math.Max(1, SmallChats) : null;
}

public sealed record StormResult(
    int Members, int Chats, int MissedMessages, TimeSpan AllCaughtUp, Hist PerMember, long EventsReplayed, int WrongCount, int Failed,
    long Gaps, long Duplicates, CpuUse Cpu, string? FirstError)
{
    public string Line() =>
        Fmt.Inv($"08:00 storm: {Members:#,0} members open their streams at once and resync {Chats} chats after {MissedMessages:#,0} messages sent while offline: ") +
        Fmt.Inv($"all caught up in {AllCaughtUp.TotalSeconds:0.00} s; per member {PerMember.Summary()}; {EventsReplayed:#,0} events replayed; ") +
        Fmt.Inv($"members with a wrong event count {WrongCount}, failed {Failed}, gaps {Gaps}, duplicates {Duplicates}") +
        (FirstError is null ? "" : $" (first error: {FirstError})") + $"; CPU {Cpu}";
}

/// <summary>After a restart every grain is cold: activation time, memory per active chat, the 08:00 storm.</summary>
public static class Restart
{
    /// <summary>Median of a few VmRSS samples once the server has been quiet for a moment.</summary>
    public static async Task<long> StableRssAsync(ServerControl server)
    {
        await Task.Delay(2000);
        var samples = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            samples.Add(server.RssBytes());
            await Task.Delay(200);
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }

    private static Task<long?> HeapAsync(ServerControl server) => GcProbe.HeapAfterFullGcAsync(server.Pid, TimeSpan.FromSeconds(20));

    public static async Task<ColdResult> ColdAndMemoryAsync(ServerControl server, ClientPool clients, District district)
    {
        // Warm the code paths (JIT, authentication, the chat grain type) on a few chats left out of the measurement.
        var warmups = district.ExtraChats.Take(5).ToList();
        foreach (var p in district.People.Take(200)) await clients.Users(p).GetMeAsync(new GetMeRequest(), p.Call());
        foreach (var c in warmups)
            for (var i = 0; i < 20; i++)
                await clients.Chats(c.Moderator).GetChatAsync(new GetChatRequest { ChatId = c.ChatId }, c.Moderator.Call());

        var heap0 = await HeapAsync(server);
        var rss0 = await StableRssAsync(server);
        var cold = new Hist();
        var warm = new Hist();
        var classChats = district.ClassChats.ToList();
        foreach (var c in classChats)
        {
            var t = Stopwatch.GetTimestamp();
            await clients.Chats(c.Moderator).GetChatAsync(new GetChatRequest { ChatId = c.ChatId }, c.Moderator.Call());
            cold.RecordTicks(Stopwatch.GetTimestamp() - t);
            t = Stopwatch.GetTimestamp();
            await clients.Chats(c.Moderator).GetChatAsync(new GetChatRequest { ChatId = c.ChatId }, c.Moderator.Call());
            warm.RecordTicks(Stopwatch.GetTimestamp() - t);
        }

        var heap1 = await HeapAsync(server);
        var rss1 = await StableRssAsync(server);
        var small = district.ExtraChats.Skip(warmups.Count).ToList();
        var coldSmall = new Hist();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < small.Count; i = Interlocked.Increment(ref next))
            {
                var c = small[i];
                var t = Stopwatch.GetTimestamp();
                await clients.Chats(c.Moderator).GetChatAsync(new GetChatRequest { ChatId = c.ChatId }, c.Moderator.Call());
                coldSmall.RecordTicks(Stopwatch.GetTimestamp() - t);
            }
        })));
        var heap2 = await HeapAsync(server);
        var rss2 = await StableRssAsync(server);
        return new ColdResult(cold, warm, coldSmall, classChats.Count, small.Count, rss0, rss1, rss2, heap0, heap1, heap2);
    }

    /// <summary>
    /// Messages arrive while everyone is offline; then every online member opens its stream at the same moment,
    /// passing the last sequence number it saw per chat, and gets the gap from the log, then live events.
    /// </summary>
    public static async Task<StormResult> StormAsync(
        ServerControl server, string address, int channels, District district, IReadOnlyDictionary<Person, IReadOnlyDictionary<string, long>> positions,
        int messagesPerChat, string body)
    {
        var chats = district.ClassChats.ToList();
        using (var senders = new ClientPool(address, channels))
        {
            var next = -1;
            var total = chats.Count * messagesPerChat;
            await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < total; i = Interlocked.Increment(ref next))
                {
                    var chat = chats[i % chats.Count];
                    var sender = chat.Members[i / chats.Count % chat.Members.Count];
                    await senders.Chats(sender).SendMessageAsync(
                        new SendMessageRequest { ChatId = chat.ChatId, ClientKey = $"offline-{i}", Body = body }, sender.Call());
                }
            })));
        }

        var lastSeq = new Dictionary<string, long>();
        using (var reader = new ClientPool(address, 1))
        {
            foreach (var c in district.AllChats)
                lastSeq[c.ChatId] = (await reader.Chats(c.Moderator).GetChatAsync(new GetChatRequest { ChatId = c.ChatId }, c.Moderator.Call())).Chat.LastSeq;
        }

        var members = positions.Keys.ToList();
        // Fresh connections, as phones reconnecting at 08:00 would open.
        using var clients = new ClientPool(address, channels);
        var hub = new DeliveryHub();
        var cpu = CpuMeter.Start(server.Pid);
        var start = Stopwatch.GetTimestamp();
        var (subscribers, elapsed, failed) = await Streams.OpenAsync(members, clients, hub, TimeSpan.FromSeconds(180), p => positions[p]);
        var cpuUse = cpu.Stop(elapsed);
        var perMember = new Hist();
        var wrong = 0;
        var allReady = 0L;
        foreach (var s in subscribers)
        {
            if (s.ReadyTicks == 0) continue;
            perMember.RecordTicks(s.ReadyTicks - start);
            allReady = Math.Max(allReady, s.ReadyTicks - start);
            var expected = s.Person.ChatIds.Sum(c => lastSeq[c] - positions[s.Person].GetValueOrDefault(c));
            if (s.EventsBeforeReady != expected) wrong++;
        }

        var result = new StormResult(members.Count, chats.Count, chats.Count * messagesPerChat, TimeSpan.FromSeconds(allReady / (double)Stopwatch.Frequency),
            perMember, subscribers.Sum(s => s.EventsBeforeReady), wrong, failed, subscribers.Sum(s => s.Gaps), subscribers.Sum(s => s.Duplicates), cpuUse,
            subscribers.Select(s => s.Error).FirstOrDefault(e => e is not null));
        await Streams.CloseAsync(subscribers);
        return result;
    }
}
