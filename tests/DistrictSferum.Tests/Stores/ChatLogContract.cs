using DistrictSferum.Contracts.Chats;
using DistrictSferum.Grains.Chats;
using Microsoft.Extensions.Logging.Abstractions;

namespace DistrictSferum.Tests.Stores;

/// <summary>What every <see cref="IChatLog"/> does, run against PostgreSQL and the in-memory log alike.</summary>
public abstract class ChatLogContract
{
    private static readonly DateTimeOffset At = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly string chat = "chat-" + Guid.NewGuid().ToString("N");

    protected abstract Task<IChatLog> CreateAsync();

    private ChatEvent Posted(long seq, string author = "author", string? key = null) =>
        new(chat, seq, ChatEventKind.Posted, author, At.AddSeconds(seq), Body: $"text {seq}", ClientKey: key ?? $"k{seq}");

    [Fact]
    public async Task Appended_events_read_back_in_order_from_any_position()
    {
        var log = await CreateAsync();
        for (var seq = 1; seq <= 5; seq++) await log.AppendAsync(Posted(seq)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(5, await log.LastSeqAsync(chat));
        Assert.Equal([3L, 4L], (await log.EventsAfterAsync(chat, 2, limit: 2)).Select(e => e.Seq));
        Assert.Equal("text 4", (await log.EventsAfterAsync(chat, 3, 1)).Single().Body);
        Assert.Equal(0, await log.LastSeqAsync("chat-never-written"));
    }

    [Fact]
    public async Task CHAT_4_a_retried_send_answers_the_first_outcome_and_another_authors_key_is_its_own_send()
    {
        var log = await CreateAsync();
        var first = await log.AppendAsync(Posted(1, "anna", "same")).WaitAsync(TimeSpan.FromSeconds(30));
        var retry = await log.AppendAsync(Posted(2, "anna", "same")).WaitAsync(TimeSpan.FromSeconds(30));
        var other = await log.AppendAsync(Posted(2, "boris", "same")).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(first.Duplicate);
        Assert.True(retry.Duplicate);
        Assert.Equal(1, retry.Seq);
        Assert.False(other.Duplicate);
        Assert.Equal(2, other.Seq);
        var keys = await log.RecentKeysAsync(chat, 10);
        Assert.Equal(1, keys[SendKey.Of("anna", "same")].Seq);
        Assert.Equal(2, keys[SendKey.Of("boris", "same")].Seq);
    }

    /// <summary>Issue 15: a pipelined chat's group never leaves a gap in the log.</summary>
    [Fact]
    public async Task CHAT_4_a_group_stops_after_a_retried_key_and_stores_nothing_behind_it()
    {
        var log = await CreateAsync();
        await log.AppendAsync(Posted(1, "anna", "same")).WaitAsync(TimeSpan.FromSeconds(30));

        var group = await log.AppendGroupAsync([Posted(2, "boris"), Posted(3, "anna", "same"), Posted(4, "boris")]).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Null(group.StoppedBy);
        Assert.Equal([(2L, false), (1L, true)], group.Written.Select(o => (o.Seq, o.Duplicate)));
        Assert.Equal([1L, 2L], (await log.EventsAfterAsync(chat, 0, 10)).Select(e => e.Seq));
        var next = await log.AppendGroupAsync([Posted(3, "boris", "k4"), Posted(4, "boris", "k5")]).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([3L, 4L], next.Written.Select(o => o.Seq));
        Assert.Equal([1L, 2L, 3L, 4L], (await log.EventsAfterAsync(chat, 0, 10)).Select(e => e.Seq));
    }

    [Fact]
    public async Task A_group_stops_before_a_taken_number_and_stores_nothing_behind_it()
    {
        var log = await CreateAsync();
        await log.AppendAsync(Posted(2, "anna")).WaitAsync(TimeSpan.FromSeconds(30));

        var group = await log.AppendGroupAsync([Posted(1, "boris", "b1"), Posted(2, "boris", "b2"), Posted(3, "boris", "b3")]).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([1L], group.Written.Select(o => o.Seq));
        Assert.NotNull(group.StoppedBy);
        Assert.Equal([(1L, "boris"), (2L, "anna")], (await log.EventsAfterAsync(chat, 0, 10)).Select(e => (e.Seq, e.ActorId)));
    }

    /// <summary>
    /// Issue 9 (found by chaos.sh, a rolling restart): two activations of one chat numbered sends at once; the log took
    /// a number the same author's other message held for "this append's own row, already written" (it compared chat,
    /// number, kind and author only) and acknowledged a message it never stored. Only the very event counts as written.
    /// </summary>
    [Fact]
    public async Task CHAT_4_a_number_the_same_authors_other_message_holds_is_refused_not_acknowledged()
    {
        var log = await CreateAsync();
        await log.AppendAsync(Posted(1, "boris", "first")).WaitAsync(TimeSpan.FromSeconds(30));

        var stale = await log.AppendGroupAsync([Posted(1, "boris", "second") with { Body = "another text" }]).WaitAsync(TimeSpan.FromSeconds(30));
        var unkeyed = await log.AppendGroupAsync([Posted(1, "boris") with { ClientKey = null, Body = "unkeyed" }]).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(stale.Written);
        Assert.NotNull(stale.StoppedBy);
        Assert.Empty(unkeyed.Written);
        Assert.NotNull(unkeyed.StoppedBy);
        Assert.Equal("text 1", (await log.EventsAfterAsync(chat, 0, 10)).Single().Body);
        // The very event again (an attempt whose answer was lost) is its own row: written.
        Assert.Equal([1L], (await log.AppendGroupAsync([Posted(1, "boris", "first")]).WaitAsync(TimeSpan.FromSeconds(30))).Written.Select(o => o.Seq));
    }

    [Fact]
    public async Task Messages_read_newest_first_with_their_edits_and_deletions()
    {
        var log = await CreateAsync();
        await log.AppendAsync(Posted(1)).WaitAsync(TimeSpan.FromSeconds(30));
        await log.AppendAsync(Posted(2)).WaitAsync(TimeSpan.FromSeconds(30));
        await log.AppendAsync(new ChatEvent(chat, 3, ChatEventKind.Edited, "author", At.AddMinutes(1), Body: "edited", TargetSeq: 1)).WaitAsync(TimeSpan.FromSeconds(30));
        await log.AppendAsync(new ChatEvent(chat, 4, ChatEventKind.Deleted, "moderator", At.AddMinutes(2), TargetSeq: 2)).WaitAsync(TimeSpan.FromSeconds(30));

        var messages = await log.MessagesBeforeAsync(chat, long.MaxValue, 10);

        Assert.Equal([2L, 1L], messages.Select(m => m.Seq));
        Assert.Null(messages[0].Body);
        Assert.Equal(At.AddMinutes(2), messages[0].DeletedAt);
        Assert.Equal("moderator", messages[0].DeletedBy);
        Assert.Equal("edited", messages[1].Body);
        Assert.Equal(At.AddMinutes(1), messages[1].EditedAt);
        Assert.Equal("edited", (await log.MessageAsync(chat, 1))!.Body);
        Assert.Null(await log.MessageAsync(chat, 3));
    }

    [Fact]
    public async Task Events_between_two_positions_are_filtered_by_kind_newest_first()
    {
        var log = await CreateAsync();
        await log.AppendAsync(Posted(1)).WaitAsync(TimeSpan.FromSeconds(30));
        await log.AppendAsync(new ChatEvent(chat, 2, ChatEventKind.MemberJoined, "admin", At, SubjectUserId: "u1")).WaitAsync(TimeSpan.FromSeconds(30));
        await log.AppendAsync(Posted(3)).WaitAsync(TimeSpan.FromSeconds(30));
        await log.AppendAsync(new ChatEvent(chat, 4, ChatEventKind.MemberJoined, "admin", At, SubjectUserId: "u2")).WaitAsync(TimeSpan.FromSeconds(30));
        await log.AppendAsync(new ChatEvent(chat, 5, ChatEventKind.MemberJoined, "admin", At, SubjectUserId: "u3")).WaitAsync(TimeSpan.FromSeconds(30));

        var joins = await log.EventsBetweenAsync(chat, 1, 5, [ChatEventKind.MemberJoined], 10);

        Assert.Equal([4L, 2L], joins.Select(e => e.Seq));
        Assert.Equal("u2", joins[0].SubjectUserId);
    }

    [Fact]
    public async Task A_read_marker_never_moves_back_and_unread_counts_others_messages_still_there()
    {
        var log = await CreateAsync();
        await log.AppendAsync(Posted(1, "anna")).WaitAsync(TimeSpan.FromSeconds(30));
        await log.AppendAsync(Posted(2, "boris")).WaitAsync(TimeSpan.FromSeconds(30));
        await log.AppendAsync(Posted(3, "boris")).WaitAsync(TimeSpan.FromSeconds(30));
        await log.AppendAsync(Posted(4, "boris")).WaitAsync(TimeSpan.FromSeconds(30));
        await log.AppendAsync(new ChatEvent(chat, 5, ChatEventKind.Deleted, "boris", At, TargetSeq: 4)).WaitAsync(TimeSpan.FromSeconds(30));

        await log.SetReadMarkerAsync(chat, "anna", 2);
        await log.SetReadMarkerAsync(chat, "anna", 1);

        Assert.Equal(2, await log.ReadMarkerAsync(chat, "anna"));
        Assert.Equal(0, await log.ReadMarkerAsync(chat, "boris"));
        Assert.Equal(2, await log.UnreadAsync(chat, "anna", 0));
        Assert.Equal(1, await log.UnreadAsync(chat, "anna", 2));
    }
}

public sealed class PostgresChatLogContract(StoreDatabase database) : ChatLogContract, IClassFixture<StoreDatabase>, IDisposable
{
    private readonly List<PostgresChatLog> logs = [];

    protected override async Task<IChatLog> CreateAsync()
    {
        var log = new PostgresChatLog(database.Source, NullLogger<PostgresChatLog>.Instance);
        logs.Add(log);
        await log.StartAsync(CancellationToken.None);
        return log;
    }

    public void Dispose()
    {
        foreach (var log in logs) log.Dispose();
    }
}

public sealed class InMemoryChatLogContract : ChatLogContract
{
    protected override Task<IChatLog> CreateAsync() => Task.FromResult<IChatLog>(new InMemoryChatLog());
}
