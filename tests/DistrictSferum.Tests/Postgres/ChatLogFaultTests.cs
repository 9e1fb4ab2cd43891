using DistrictSferum.Contracts.Chats;
using DistrictSferum.Grains.Chats;
using DistrictSferum.Migrations;
using DistrictSferum.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DistrictSferum.Tests.Postgres;

/// <summary>The PostgreSQL chat log's group commit under bad rows and repeated appends.</summary>
public sealed class ChatLogFaultTests
{
    [Fact]
    public async Task CHAT_4_one_row_postgres_refuses_fails_alone_and_every_other_append_of_its_batch_commits()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("chatlogfault");
        await DatabaseMigrator.MigrateAsync(database);
        await using var source = NpgsqlDataSource.Create(database);
        using var log = new PostgresChatLog(source, NullLogger<PostgresChatLog>.Instance);
        await log.StartAsync(CancellationToken.None);
        var at = DateTimeOffset.UtcNow;

        // Queued at once, so the writers take them in a few large batches; PostgreSQL refuses a NUL in text.
        var appends = Enumerable.Range(0, 300).Select(i => log.AppendAsync(new ChatEvent(
            $"chat-{i % 30}", 1 + i / 30, ChatEventKind.Posted, "author", at, Body: i == 137 ? "bad\0row" : $"text {i}", ClientKey: $"k{i}"))).ToList();
        var outcomes = await Task.WhenAll(appends.Select(async a =>
        {
            try
            {
                return (Ok: true, Seq: (await a).Seq);
            }
            catch (Exception)
            {
                return (Ok: false, Seq: 0L);
            }
        }));

        Assert.Equal(299, outcomes.Count(o => o.Ok));
        Assert.False(outcomes[137].Ok);
        for (var chat = 0; chat < 30; chat++)
        {
            var expected = chat == 137 % 30 ? 9 : 10;
            Assert.Equal(expected, (await log.EventsAfterAsync($"chat-{chat}", 0, 100)).Count);
        }
    }

    [Fact]
    public async Task CHAT_4_an_edit_whose_event_was_already_stored_does_not_change_the_message_again()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("chatlogedit");
        await DatabaseMigrator.MigrateAsync(database);
        await using var source = NpgsqlDataSource.Create(database);
        using var log = new PostgresChatLog(source, NullLogger<PostgresChatLog>.Instance);
        await log.StartAsync(CancellationToken.None);
        var at = DateTimeOffset.UtcNow;
        await log.AppendAsync(new ChatEvent("c", 1, ChatEventKind.Posted, "a", at, Body: "first", ClientKey: "m1"));
        await log.AppendAsync(new ChatEvent("c", 2, ChatEventKind.Edited, "a", at, Body: "second", TargetSeq: 1));
        await log.AppendAsync(new ChatEvent("c", 3, ChatEventKind.Edited, "a", at, Body: "third", TargetSeq: 1));

        // A stale retry of the first edit lands on a number already taken: it is refused and changes nothing.
        await Assert.ThrowsAsync<InvalidOperationException>(() => log.AppendAsync(new ChatEvent("c", 2, ChatEventKind.Edited, "b", at, Body: "second", TargetSeq: 1)));

        Assert.Equal("third", (await log.MessageAsync("c", 1))!.Body);
    }
}
