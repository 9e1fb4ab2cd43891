using System.Diagnostics;
using Npgsql;

namespace DistrictSferum.Benchmarks;

/// <summary>
/// PostgreSQL's own counters around a run: committed transactions, WAL flushes (fdatasync) and rows inserted into
/// the chat log tables - how well commits were grouped.
/// </summary>
public sealed class PgCounters
{
    private readonly string connection;
    private readonly Stopwatch watch = Stopwatch.StartNew();
    private (long Commits, long Syncs, long Rows) start;

    private PgCounters(string connection) => this.connection = connection;

    public static async Task<PgCounters> StartAsync(string connection)
    {
        var counters = new PgCounters(connection);
        counters.start = await ReadAsync(connection);
        counters.watch.Restart();
        return counters;
    }

    public async Task<string> StopAsync()
    {
        // The statistics collector publishes backends' counters about once a second.
        await Task.Delay(1100);
        var end = await ReadAsync(connection);
        var seconds = Math.Max(0.001, watch.Elapsed.TotalSeconds - 1.1);
        var commits = end.Commits - start.Commits;
        var syncs = end.Syncs - start.Syncs;
        var rows = end.Rows - start.Rows;
        return Fmt.Inv($"PostgreSQL: {commits / seconds:#,0} commits/s, {syncs / seconds:#,0} WAL flushes/s, {rows / seconds:#,0} log rows/s, {(syncs == 0 ? 0 : rows / (double)syncs):0.0} rows per WAL flush");
    }

    private static async Task<(long Commits, long Syncs, long Rows)> ReadAsync(string connection)
    {
        await using var db = NpgsqlDataSource.Create(connection);
        await using var command = db.CreateCommand("""
            SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
                   (SELECT wal_sync FROM pg_stat_wal),
                   (SELECT coalesce(sum(n_tup_ins), 0)::bigint FROM pg_stat_user_tables WHERE relname IN ('chat_events', 'bench_chat_events'))
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
