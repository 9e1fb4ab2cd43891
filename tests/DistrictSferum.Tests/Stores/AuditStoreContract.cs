using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Moderation;
using DistrictSferum.Grains.Moderation;

namespace DistrictSferum.Tests.Stores;

/// <summary>What every <see cref="IAuditStore"/> does, run against PostgreSQL (both audit tables) and memory alike.</summary>
public abstract class AuditStoreContract
{
    private static readonly DateTimeOffset At = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly string school = "school-" + Guid.NewGuid().ToString("N");

    protected abstract IAuditStore Create();

    private AuditEntry Row(long seq, string chat = "c1", string moderator = "m1", string? member = "u1") =>
        new(school, seq, chat, "remind", false, moderator, member, 10 + seq, 1, $"detail {seq}", null, null, At.AddMinutes(seq), $"hash{seq}");

    [Fact]
    public async Task ORG_16_rows_read_back_oldest_first_after_a_position_and_the_last_one_is_known()
    {
        var store = Create();
        Assert.Null(await store.LastAsync(school));
        for (var seq = 1; seq <= 4; seq++) await store.AppendAsync(Row(seq));

        Assert.Equal(Row(4), await store.LastAsync(school));
        Assert.Equal([Row(2), Row(3)], await store.AfterAsync(school, 1, limit: 2));
        Assert.Empty(await store.AfterAsync("another-school", 0, 10));
    }

    [Fact]
    public async Task ORG_16_a_query_is_newest_first_filtered_and_paged()
    {
        var store = Create();
        await store.AppendAsync(Row(1, chat: "c1", moderator: "m1", member: "u1"));
        await store.AppendAsync(Row(2, chat: "c2", moderator: "m1", member: "u2"));
        await store.AppendAsync(Row(3, chat: "c1", moderator: "m2", member: "u1"));
        await store.AppendAsync(Row(4, chat: "c1", moderator: "m1", member: "u1"));

        var inChat = await store.QueryAsync(school, new AuditQuery("c1", null, null, null, null), PageRequest.First(2));
        Assert.Equal([4L, 3L], inChat.Items.Select(e => e.Seq));
        Assert.NotNull(inChat.NextCursor);
        var rest = await store.QueryAsync(school, new AuditQuery("c1", null, null, null, null), new PageRequest(inChat.NextCursor, 2));
        Assert.Equal([1L], rest.Items.Select(e => e.Seq));
        Assert.Null(rest.NextCursor);

        Assert.Equal([4L, 1L], (await store.QueryAsync(school, new AuditQuery(null, "u1", "m1", null, null), PageRequest.First())).Items.Select(e => e.Seq));
        Assert.Equal([2L, 1L], (await store.QueryAsync(school, new AuditQuery(null, null, null, At.AddMinutes(1), At.AddMinutes(3)), PageRequest.First())).Items.Select(e => e.Seq));
    }

    [Fact]
    public async Task An_intent_is_appended_once_and_a_repeat_answers_the_earlier_row()
    {
        var store = Create();

        Assert.Null(await store.AppendOnceAsync(Row(1), "intent-a"));
        Assert.Equal(Row(1), await store.AppendOnceAsync(Row(2), "intent-a"));
        Assert.Null(await store.AppendOnceAsync(Row(2), "intent-b"));
        Assert.Equal([1L, 2L], (await store.AfterAsync(school, 0, 10)).Select(e => e.Seq));
    }
}

public sealed class PostgresAuditStoreContract(StoreDatabase database) : AuditStoreContract, IClassFixture<StoreDatabase>
{
    protected override IAuditStore Create() => new PostgresAuditStore(database.Source);
}

public sealed class PostgresAdminAuditStoreContract(StoreDatabase database) : AuditStoreContract, IClassFixture<StoreDatabase>
{
    protected override IAuditStore Create() => new PostgresAuditStore(database.Source, PostgresAuditStore.AdminTable);
}

public sealed class InMemoryAuditStoreContract : AuditStoreContract
{
    protected override IAuditStore Create() => new InMemoryAuditStore();
}
