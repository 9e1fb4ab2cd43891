using DistrictSferum.Contracts.Statistics;
using DistrictSferum.Grains.Statistics;
using DistrictSferum.Migrations;
using DistrictSferum.Tests.Infrastructure;
using Npgsql;

namespace DistrictSferum.Tests.Postgres;

/// <summary>The statistics store's commit: counts add up, each member counts once per cell across commits.</summary>
public sealed class UsageStoreTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 15, 0, TimeSpan.Zero);

    private static UsageFact Posted(DateTimeOffset at, string userId) =>
        new(at, "s1", new UsageClass("c1", "5А", 5), "class_students", "student", UsageKinds.MessageSent, MemberKeys.Of(userId));

    /// <summary>
    /// Issue 15: an active member's facts land again and again in hour and day cells that already count them; the
    /// aggregator remembers the pairs it stored and does not send them again, and the counts stay exact.
    /// </summary>
    [Fact]
    public async Task DIS_4_a_member_counts_once_per_cell_across_commits_and_stored_pairs_are_not_sent_again()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("usagestore");
        await DatabaseMigrator.MigrateAsync(database);
        await using var source = NpgsqlDataSource.Create(database);
        var store = new PostgresUsageStore(source);
        var stored = new StoredMembers();

        await store.CommitAsync("s1", UsageFolding.Fold([Posted(At, "u1")]), [], [], stored);
        Assert.Equal(40, stored.Count); // 20 hour and 20 day cells; the 2 minute cells are not remembered
        var rowsAfterFirst = await TestSql.ScalarAsync(database, "SELECT count(*) FROM usage_cell_members");
        await store.CommitAsync("s1", UsageFolding.Fold([Posted(At.AddMinutes(1), "u1"), Posted(At.AddMinutes(1), "u2")]), [], [], stored);

        Assert.Equal(80, stored.Count);
        // u1 again: only its two new minute cells; u2: all 42 of its cells.
        Assert.Equal(rowsAfterFirst + 2 + 42, await TestSql.ScalarAsync(database, "SELECT count(*) FROM usage_cell_members"));
        const string schoolTotal = "FROM usage_cells WHERE school_id = 's1' AND class_key = '' AND chat_kind = '' AND role = '' AND bucket = ";
        Assert.Equal(3, await TestSql.ScalarAsync(database, $"SELECT count {schoolTotal} 'h'"));
        Assert.Equal(2, await TestSql.ScalarAsync(database, $"SELECT members {schoolTotal} 'h'"));
        Assert.Equal(2, await TestSql.ScalarAsync(database, $"SELECT members {schoolTotal} 'd'"));
        Assert.Equal(1, await TestSql.ScalarAsync(database, $"SELECT members {schoolTotal} 'm' AND bucket_start = '2026-11-30T09:15:00Z'"));
        Assert.Equal(2, await TestSql.ScalarAsync(database, $"SELECT members {schoolTotal} 'm' AND bucket_start = '2026-11-30T09:16:00Z'"));

        // Without the memory (a restarted aggregator), a pair sent again is ignored: still counted once.
        await store.CommitAsync("s1", UsageFolding.Fold([Posted(At.AddMinutes(1), "u2")]), [], [], new StoredMembers());
        Assert.Equal(2, await TestSql.ScalarAsync(database, $"SELECT members {schoolTotal} 'h'"));
        Assert.Equal(4, await TestSql.ScalarAsync(database, $"SELECT count {schoolTotal} 'h'"));
    }

    [Fact]
    public void Stored_pairs_start_over_when_full()
    {
        var stored = new StoredMembers(capacity: 3);
        stored.Add([(1, 10), (2, 10)]);
        Assert.True(stored.Contains(1, 10));
        stored.Add([(3, 10), (4, 10)]);
        Assert.False(stored.Contains(1, 10));
        Assert.True(stored.Contains(4, 10));
        Assert.Equal(2, stored.Count);
    }
}
