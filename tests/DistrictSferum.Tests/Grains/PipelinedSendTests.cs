using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Tests.Infrastructure;

namespace DistrictSferum.Tests.Grains;

/// <summary>
/// Issue 15: a chat numbers sends at once and awaits their commits out of its turn. What must hold whatever the
/// timing: an acknowledgement only after the event and every earlier one are durable, subscribers never ahead of the
/// log and never out of order, and a failed commit takes down every send queued behind it, leaving no gap.
/// </summary>
public sealed class PipelinedSendTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        fixture.ChatLog.BeforeGroup = null;
        fixture.ChatLog.ForgetRecentKeys = false;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task CHAT_4_sends_are_numbered_while_earlier_ones_commit_and_each_ack_follows_the_commit_of_it_and_all_before_it()
    {
        var (admin, chat, chatId) = await ChatAsync("+79990150001");
        var before = await chat.LastSeq(admin);
        await FollowAsync(chatId);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.ChatLog.BeforeGroup = async events =>
        {
            if (events[0].ChatId != chatId) return;
            first.TrySetResult();
            await held.Task;
        };

        var durableAtAck = new List<Task<bool>>();
        var sends = new List<Task<SendAck>>();
        for (var i = 0; i < 6; i++)
        {
            var send = chat.Send(admin, Message($"p{i}"));
            sends.Add(send);
            durableAtAck.Add(send.ContinueWith(t => DurableUpTo(chatId, t.Result.Seq), TaskContinuationOptions.ExecuteSynchronously));
            if (i == 0) await first.Task.WaitAsync(Bound);
        }

        // A call after the sends passes the turn only once they are numbered and queued behind the held commit.
        await chat.Get(admin, null).WaitAsync(Bound);
        Assert.DoesNotContain(sends, s => s.IsCompleted);
        Assert.DoesNotContain(fixture.Sink.Delivered, e => e.ChatId == chatId && e.Seq > before);

        held.SetResult();
        var acks = await Task.WhenAll(sends).WaitAsync(Bound);

        Assert.All(await Task.WhenAll(durableAtAck), Assert.True);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => before + i), acks.Select(a => a.Seq).Order());
        Assert.Contains(fixture.ChatLog.Groups, g => g[0].ChatId == chatId && g.Count > 1);
        Assert.Equal(before + 6, await chat.LastSeq(admin));
        var seen = await DeliveredAsync(chatId, before, before + 6);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => before + i), seen);
    }

    [Fact]
    public async Task CHAT_4_a_failed_commit_fails_every_send_queued_behind_it_and_the_reloaded_chat_continues_without_a_gap()
    {
        var (admin, chat, chatId) = await ChatAsync("+79990150002");
        var before = await chat.LastSeq(admin);
        await FollowAsync(chatId);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var groups = 0;
        fixture.ChatLog.BeforeGroup = async events =>
        {
            if (events[0].ChatId != chatId) return;
            if (Interlocked.Increment(ref groups) == 1)
            {
                first.TrySetResult();
                await held.Task;
                return;
            }

            throw new InvalidOperationException("the log refused the group");
        };

        var committed = chat.Send(admin, Message("committed"));
        await first.Task.WaitAsync(Bound);
        var doomed = Enumerable.Range(0, 4).Select(i => chat.Send(admin, Message($"doomed{i}"))).ToList();
        await chat.Get(admin, null).WaitAsync(Bound);
        held.SetResult();

        Assert.Equal(before + 1, (await committed.WaitAsync(Bound)).Seq);
        // Each is told to retry with its key (UNAVAILABLE CHAT_RELOADING), not handed the log's own exception.
        foreach (var send in doomed)
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => send.WaitAsync(Bound));
            Assert.Equal((ErrorKind.Unavailable, ChatErrors.ChatReloading), (refused.Kind, refused.Code));
        }

        fixture.ChatLog.BeforeGroup = null;

        // The chat reloads from the log: the next send takes the number after the last committed one.
        var next = await RetryAsync(() => chat.Send(admin, Message("after")));
        Assert.Equal(before + 2, next.Seq);
        var log = await fixture.ChatLog.EventsAfterAsync(chatId, before, 100);
        Assert.Equal([("committed", before + 1), ("after", before + 2)], log.Select(e => (e.Body!, e.Seq)));
        Assert.Equal(before + 2, await chat.LastSeq(admin));
        Assert.Equal(before + 2, (await chat.Get(admin, null)).LastSeq);
        Assert.Equal([before + 1, before + 2], await DeliveredAsync(chatId, before, before + 2));
        Assert.DoesNotContain(fixture.Sink.Delivered, e => e.ChatId == chatId && e.Body is { } b && b.StartsWith("doomed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CHAT_4_a_retry_of_a_send_older_than_the_kept_keys_answers_the_first_and_the_sends_behind_it_move_up_one()
    {
        var (admin, chat, chatId) = await ChatAsync("+79990150003");
        var original = await chat.Send(admin, Message("original"));
        fixture.ChatLog.ForgetRecentKeys = true;
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.ChatLog.BeforeGroup = async events =>
        {
            if (events[0].ChatId != chatId || first.Task.IsCompleted) return;
            first.TrySetResult();
            await held.Task;
        };

        var x = chat.Send(admin, Message("x"));
        await first.Task.WaitAsync(Bound);
        var retry = chat.Send(admin, Message("original"));
        var y = chat.Send(admin, Message("y"));
        await chat.Get(admin, null).WaitAsync(Bound);
        held.SetResult();

        var (xAck, retryAck, yAck) = (await x.WaitAsync(Bound), await retry.WaitAsync(Bound), await y.WaitAsync(Bound));
        Assert.True(retryAck.Duplicate);
        Assert.Equal(original.Seq, retryAck.Seq);
        Assert.Equal(original.Seq + 1, xAck.Seq);
        Assert.Equal(original.Seq + 2, yAck.Seq);
        var log = await fixture.ChatLog.EventsAfterAsync(chatId, original.Seq - 1, 100);
        Assert.Equal([("original", original.Seq), ("x", original.Seq + 1), ("y", original.Seq + 2)], log.Select(e => (e.Body!, e.Seq)));
        Assert.Equal(original.Seq + 2, await chat.LastSeq(admin));
    }

    private static SendMessage Message(string body) => new("key-" + body, body, null, []);

    private bool DurableUpTo(string chatId, long seq)
    {
        var seqs = fixture.ChatLog.EventsAfterAsync(chatId, 0, 10_000).Result.Select(e => e.Seq).ToHashSet();
        return Enumerable.Range(1, (int)seq).All(s => seqs.Contains(s));
    }

    private async Task FollowAsync(string chatId)
    {
        var silo = fixture.Cluster.Silos[0].SiloAddress;
        await fixture.Grains.GetGrain<IChatRelayGrain>(RelayKey.Of(silo, StreamNames.Chat, chatId)).Start(1);
    }

    /// <summary>The sequence numbers after <paramref name="after"/> subscribers received for the chat, in order, once the last expected one arrived.</summary>
    private async Task<List<long>> DeliveredAsync(string chatId, long after, long last)
    {
        await fixture.Sink.WaitForAsync(e => e.ChatId == chatId && e.Seq == last, Bound);
        return fixture.Sink.Delivered.Where(e => e.ChatId == chatId && e.Seq > after).Select(e => e.Seq).ToList();
    }

    private static async Task<SendAck> RetryAsync(Func<Task<SendAck>> send)
    {
        using var deadline = new CancellationTokenSource(Bound);
        while (true)
        {
            try
            {
                return await send().WaitAsync(deadline.Token);
            }
            catch (Exception) when (!deadline.IsCancellationRequested)
            {
                await Task.Delay(50, deadline.Token);
            }
        }
    }

    private async Task<(Actor Admin, IChatGrain Chat, string ChatId)> ChatAsync(string adminPhone)
    {
        var (admin, _, chat, chatId) = await fixture.AdminsChatAsync(adminPhone);
        return (admin, chat, chatId);
    }
}
