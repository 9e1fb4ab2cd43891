using System.Diagnostics;
using Npgsql;

namespace DistrictSferum.Benchmarks;

/// <summary>
/// The benchmark's own connection to PostgreSQL, opened before the server starts and kept for the whole run: the
/// server's pools may take every other connection PostgreSQL allows.
/// </summary>
public sealed class PgControl(string connection) : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private NpgsqlConnection? open;

    public async Task<T> RunAsync<T>(string sql, Func<NpgsqlDataReader, T> read, int timeoutSeconds = 30)
    {
        await gate.WaitAsync();
        try
        {
            if (open is null)
            {
                open = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Pooling = false }.ConnectionString);
                await open.OpenAsync();
            }

            await using var command = new NpgsqlCommand(sql, open) { CommandTimeout = timeoutSeconds };
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return read(reader);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (open is not null) await open.DisposeAsync();
        open = null;
    }
}

/// <summary>
/// PostgreSQL's own counters around a run: committed transactions, WAL flushes (fdatasync) and rows inserted into
/// the chat log tables - how well commits were grouped - and the client connections open at its end.
/// </summary>
public sealed class PgCounters
{
    private readonly PgControl control;
    private readonly Stopwatch watch = Stopwatch.StartNew();
    private (long Commits, long Syncs, long Rows, long Connections) start;

    private PgCounters(PgControl control) => this.control = control;

    public static async Task<PgCounters> StartAsync(PgControl control)
    {
        var counters = new PgCounters(control);
        counters.start = await ReadAsync(control);
        counters.watch.Restart();
        return counters;
    }

    public async Task<string> StopAsync() => (await StopValuesAsync()).ToString();

    public async Task<PgUse> StopValuesAsync()
    {
        // The statistics collector publishes backends' counters about once a second.
        await Task.Delay(1100);
        var end = await ReadAsync(control);
        var seconds = Math.Max(0.001, watch.Elapsed.TotalSeconds - 1.1);
        return new PgUse(end.Commits - start.Commits, end.Syncs - start.Syncs, end.Rows - start.Rows, end.Connections, seconds);
    }

    public static Task<long> ConnectionsAsync(PgControl control) =>
        control.RunAsync("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'", r => r.GetInt64(0));

    private static Task<(long Commits, long Syncs, long Rows, long Connections)> ReadAsync(PgControl control) => control.RunAsync("""
        SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
               (SELECT wal_sync FROM pg_stat_wal),
               (SELECT coalesce(sum(n_tup_ins), 0)::bigint FROM pg_stat_user_tables WHERE relname IN ('chat_events', 'bench_chat_events')),
               (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')
        """, r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)));
}

/// <summary>What PostgreSQL did during a run: commits, WAL flushes and chat-log rows inserted, over its seconds.</summary>
public sealed record PgUse(long Commits, long Flushes, long Rows, long Connections, double Seconds)
{
    public override string ToString() =>
        Fmt.Inv($"PostgreSQL: {Commits / Seconds:#,0} commits/s, {Flushes / Seconds:#,0} WAL flushes/s, {Rows / Seconds:#,0} log rows/s, {(Flushes == 0 ? 0 : Rows / (double)Flushes):0.0} rows per WAL flush, {Connections} client connections open");
}
