using System.Runtime.CompilerServices;
using System.Threading.Channels;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Users;
using DistrictSferum.Gateway.Meetings;
using DistrictSferum.Protos.V1;
using Grpc.Core;
using ContractEvent = DistrictSferum.Contracts.Chats.ChatEvent;

namespace DistrictSferum.Gateway.Chats;

/// <summary>
/// One client's stream for all its chats. Live events come through this silo's <see cref="ChatFanout"/>; the
/// chat log fills anything missing, so each chat is delivered gap-free, once, in sequence order, whatever the
/// stream transport reordered or dropped. A chat the member is removed from ends with that event.
/// </summary>
public sealed class ChatSubscription(
    IGrainFactory grains, ChatFanout fanout, Actor actor, IServerStreamWriter<SubscribeResponse> output, StreamOptions? options = null,
    TimeProvider? clock = null)
{
    private readonly DateTimeOffset openedAt = (clock ?? TimeProvider.System).GetUtcNow();
    private static readonly object HeartbeatTick = new();
    private const int LogPage = 500;
    private readonly Channel<object> live = Channel.CreateBounded<object>(
        new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Dictionary<string, long> delivered = [];
    private readonly Dictionary<string, IAsyncDisposable> registrations = [];
    private bool followsAll;

    /// <summary>
    /// Delivers until cancelled: the listed chats from their <paramref name="positions"/>; with <paramref name="allChats"/>
    /// (or no positions) every chat of the member, the unlisted ones from now, and those joined while the stream is open.
    /// </summary>
    public async Task RunAsync(IReadOnlyList<ChatPosition> positions, bool allChats, CancellationToken cancellationToken)
    {
        using var open = OpenStream.Count("chat");
        using var ticks = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        followsAll = allChats || positions.Count == 0;
        try
        {
            var resume = positions.GroupBy(p => p.ChatId).ToDictionary(g => g.Key, g => g.Min(p => p.LastSeq));
            var chatIds = followsAll ? resume.Keys.Union(await MyChatIdsAsync(cancellationToken)).ToList() : [.. resume.Keys];
            // Meeting notices of audiences that are not a chat (a class, the staff, the school) come on the member's own stream.
            registrations[StreamNames.MeetingNotices] = await ClusterRetry.RunAsync(() => fanout.ListenAsync(StreamNames.MeetingNotices, actor.UserId, live.Writer), cancellationToken);
            foreach (var chatId in chatIds) await FollowAsync(chatId, resume.TryGetValue(chatId, out var seq) ? seq : null, cancellationToken);

            var interval = options?.HeartbeatInterval ?? TimeSpan.FromSeconds(30);
            _ = TickAsync(interval, ticks.Token);
            await foreach (var item in live.Reader.ReadAllAsync(cancellationToken))
            {
                if (item == HeartbeatTick)
                {
                    await HeartbeatAsync(cancellationToken);
                    continue;
                }

                if (item is Contracts.Meetings.MeetingNotice notice)
                {
                    await output.WriteAsync(new SubscribeResponse { MeetingNotice = notice.ToProto() }, cancellationToken);
                    continue;
                }

                if (item is not ContractEvent e || !delivered.TryGetValue(e.ChatId, out var last) || e.Seq <= last) continue;
                if (e.Seq == last + 1)
                {
                    await DeliverAsync(e, cancellationToken);
                    SferumTelemetry.DeliveryLag.Record(Math.Max(0, (TimeProvider.System.GetUtcNow() - e.At).TotalSeconds));
                }

                else await CatchUpAsync(e.ChatId, cancellationToken);
            }
        }
        finally
        {
            await ticks.CancelAsync();
            foreach (var registration in registrations.Values) await registration.DisposeAsync();
        }
    }

    /// <summary>
    /// Starts delivering a chat. One the member is no longer in (deleted, left, removed while the stream was away) is
    /// skipped and dropped from the member's list, so it cannot fail every later Subscribe (issue 9).
    /// </summary>
    private async Task FollowAsync(string chatId, long? lastSeq, CancellationToken cancellationToken, bool joinedMeanwhile = false)
    {
        ChatCursor cursor;
        try
        {
            cursor = await ClusterRetry.RunAsync(() => Chat(chatId).Cursor(actor), cancellationToken);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            await ClusterRetry.RunAsync(() => grains.GetGrain<IUserGrain>(actor.UserId).ForgetChat(actor, chatId), cancellationToken);
            return;
        }

        // Listen first, then read the log: nothing committed in between can fall through.
        registrations[chatId] = await ClusterRetry.RunAsync(() => fanout.ListenAsync(StreamNames.Chat, chatId, live.Writer), cancellationToken);
        delivered[chatId] = Math.Max(0, lastSeq ?? cursor.LastSeq);
        if (joinedMeanwhile)
        {
            // A chat joined after the stream opened: everything it logged since then is news to this client.
            var recent = await ClusterRetry.RunAsync(() => Chat(chatId).EventsAfter(actor, Math.Max(0, cursor.LastSeq - LogPage), LogPage), cancellationToken);
            // (A second's margin: the log keeps microseconds, and silos' clocks differ a little; a client new to the chat
            // cannot receive anything twice from it.)
            if (recent.FirstOrDefault(e => e.At >= openedAt.AddSeconds(-1)) is { } first) delivered[chatId] = first.Seq - 1;
        }

        await CatchUpAsync(chatId, cancellationToken);
        if (delivered.ContainsKey(chatId))
            await output.WriteAsync(new SubscribeResponse { CaughtUp = new ChatPosition { ChatId = chatId, LastSeq = delivered[chatId], ReadSeq = cursor.ReadSeq } }, cancellationToken);
    }

    private Task<IReadOnlyList<string>> MyChatIdsAsync(CancellationToken cancellationToken) =>
        ClusterRetry.RunAsync(() => grains.GetGrain<IUserGrain>(actor.UserId).GetChatIds(actor), cancellationToken);

    /// <summary>The heartbeat's turn comes through the same queue as the events, so it is handled between two of them.</summary>
    private async Task TickAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(cancellationToken)) live.Writer.TryWrite(HeartbeatTick);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Issue 9: a stream never stalls silently. Each chat whose committed position is ahead of what was sent (an event
    /// the transport dropped, a relay that lost its subscription, a queue that overflowed) is filled from the log; a
    /// stream following all the member's chats picks up the ones joined meanwhile; then the positions go out.
    /// </summary>
    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        if (followsAll)
            foreach (var chatId in (await MyChatIdsAsync(cancellationToken)).Where(id => !delivered.ContainsKey(id)).ToList())
                await FollowAsync(chatId, null, cancellationToken, joinedMeanwhile: true);
        foreach (var chatId in delivered.Keys.ToList())
        {
            long committed;
            try
            {
                committed = await ClusterRetry.RunAsync(() => Chat(chatId).LastSeq(actor), cancellationToken);
            }
            catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
            {
                await StopAsync(chatId);
                continue;
            }

            if (delivered.TryGetValue(chatId, out var sent) && committed > sent)
            {
                await fanout.RepairAsync(StreamNames.Chat, chatId);
                await CatchUpAsync(chatId, cancellationToken);
            }
        }

        var heartbeat = new StreamHeartbeat { At = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow()) };
        heartbeat.Positions.AddRange(delivered.Select(d => new ChatPosition { ChatId = d.Key, LastSeq = d.Value }));
        await output.WriteAsync(new SubscribeResponse { Heartbeat = heartbeat }, cancellationToken);
    }

    private async Task CatchUpAsync(string chatId, CancellationToken cancellationToken)
    {
        while (delivered.TryGetValue(chatId, out var last))
        {
            IReadOnlyList<ContractEvent> missed;
            try
            {
                missed = await ClusterRetry.RunAsync(() => Chat(chatId).EventsAfter(actor, last, LogPage), cancellationToken);
            }
            catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
            {
                await StopAsync(chatId);
                return;
            }

            foreach (var e in missed)
            {
                if (!delivered.ContainsKey(chatId)) return;
                await DeliverAsync(e, cancellationToken);
            }

            if (missed.Count < LogPage) return;
        }
    }

    /// <summary>
    /// Issue 15: a live event reaches this silo once (one relay per chat) and is handed to every stream following the
    /// chat as the same object, so its message for the members who did not send it is built once per silo, not once
    /// per recipient (read-only from then on, so the streams' writers share it).
    /// </summary>
    private static readonly ConditionalWeakTable<ContractEvent, SubscribeResponse> ForOthers = new();

    private async Task DeliverAsync(ContractEvent e, CancellationToken cancellationToken)
    {
        // A client key is for its sender to recognise their own message, not for others to read.
        var response = e.ClientKey is not null && e.ActorId == actor.UserId
            ? new SubscribeResponse { Event = e.ToProto() }
            : ForOthers.GetValue(e, static x => new SubscribeResponse { Event = (x.ClientKey is null ? x : x with { ClientKey = null }).ToProto() });
        await output.WriteAsync(response, cancellationToken);
        delivered[e.ChatId] = e.Seq;
        SferumTelemetry.Deliveries.Add(1);
        if (e.Kind is Contracts.Chats.ChatEventKind.MemberLeft or Contracts.Chats.ChatEventKind.MemberRemoved && e.SubjectUserId == actor.UserId) await StopAsync(e.ChatId);
    }

    private async Task StopAsync(string chatId)
    {
        delivered.Remove(chatId);
        if (registrations.Remove(chatId, out var registration)) await registration.DisposeAsync();
    }

    private IChatGrain Chat(string chatId) => grains.GetGrain<IChatGrain>(chatId);
}
