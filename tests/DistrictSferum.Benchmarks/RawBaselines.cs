using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace DistrictSferum.Benchmarks;

public sealed record RawResult(string Name, double RowsPerSecond, Hist? Latency, CpuUse Cpu)
{
    public string Line() => Fmt.Inv($"{Name}: {RowsPerSecond:#,0} rows/s") + (Latency is null ? "" : $"; commit {Latency.Summary()}") + $"; CPU {Cpu}";
}

/// <summary>
/// DESIGN §9 baselines on the same PostgreSQL: the same rows the chat log stores, into a table identical to
/// chat_events (LIKE ... INCLUDING ALL: the same key and the client-key unique index), written by raw Npgsql.
/// </summary>
public sealed class RawBaselines(string connection, int serverPid, string body) : IAsyncDisposable
{
    private const string Table = "bench_chat_events";
    private const string Columns = "chat_id, seq, kind, actor_id, at, body, target_seq, reply_to, mentions, subject_user_id, client_key";
    private readonly string actor = Guid.NewGuid().ToString("N");
    private NpgsqlDataSource? source;
    private int runs;

    public async Task PrepareAsync(int maxConnections)
    {
        source = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connection)
        {
            MaxPoolSize = maxConnections + 4,
            NoResetOnClose = true,
            Pooling = true,
        }.ConnectionString).Build();
        await using var command = source.CreateCommand(
            $"DROP TABLE IF EXISTS {Table}; CREATE TABLE {Table} (LIKE chat_events INCLUDING ALL)");
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>One INSERT per message, each its own transaction (autocommit: INSERT + COMMIT in one round trip).</summary>
    public async Task<RawResult> SingleRowAsync(int concurrency, double warmup, double duration)
    {
        var run = Interlocked.Increment(ref runs);
        var frequency = Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp();
        var windowStart = start + (long)(warmup * frequency);
        var windowEnd = windowStart + (long)(duration * frequency);
        var rows = 0L;
        var latency = new Hist();
        var cpu = CpuSampler(warmup, duration);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            await using var connectionOpen = await source!.OpenConnectionAsync();
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO {Table} ({Columns}) VALUES ($1, $2, 0, $3, $4, $5, NULL, NULL, '{{}}', NULL, $6)", connectionOpen);
            var chat = new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = $"raw{run}-{w}-{Guid.NewGuid():N}" };
            var seq = new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint };
            var who = new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = actor };
            var at = new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz };
            var text = new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = body };
            var key = new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text };
            insert.Parameters.AddRange(new NpgsqlParameter[] { chat, seq, who, at, text, key });
            await insert.PrepareAsync();
            for (long i = 1; i < 100_000_000; i++)
            {
                var t = Stopwatch.GetTimestamp();
                if (t >= windowEnd) break;
                seq.TypedValue = i;
                at.TypedValue = DateTime.UtcNow;
                key.TypedValue = "k" + i;
                await insert.ExecuteNonQueryAsync();
                var now = Stopwatch.GetTimestamp();
                if (t >= windowStart && now <= windowEnd)
                {
                    Interlocked.Increment(ref rows);
                    latency.RecordTicks(now - t);
                }
            }
        })));
        return new RawResult($"single-row INSERT+COMMIT, {concurrency} connections", rows / duration, latency, await cpu);
    }

    /// <summary>
    /// Batches of <paramref name="batch"/> rows, one transaction each, from <paramref name="writers"/> connections:
    /// a multi-row INSERT ... SELECT FROM unnest(arrays) (what the server's group commit does) or binary COPY.
    /// </summary>
    public async Task<RawResult> BatchedAsync(bool copy, int batch, int writers, double warmup, double duration)
    {
        var run = Interlocked.Increment(ref runs);
        var frequency = Stopwatch.Frequency;
        var windowStart = Stopwatch.GetTimestamp() + (long)(warmup * frequency);
        var windowEnd = windowStart + (long)(duration * frequency);
        var rows = 0L;
        var latency = new Hist();
        var cpu = CpuSampler(warmup, duration);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            await using var c = await source!.OpenConnectionAsync();
            var chats = Enumerable.Range(0, 100).Select(k => $"raw{run}-{w}-{k}-{Guid.NewGuid():N}").ToArray();
            long seq = 0;
            var chatIds = new string[batch];
            var seqs = new long[batch];
            var ats = new DateTime[batch];
            var keys = new string[batch];
            await using var insert = new NpgsqlCommand($$"""
                INSERT INTO {{Table}} ({{Columns}})
                SELECT c, s, 0, @actor, t, @body, NULL, NULL, '{}', NULL, k FROM unnest(@chat, @seq, @at, @key) AS x(c, s, t, k)
                """, c);
            var pChat = new NpgsqlParameter("chat", NpgsqlDbType.Array | NpgsqlDbType.Text);
            var pSeq = new NpgsqlParameter("seq", NpgsqlDbType.Array | NpgsqlDbType.Bigint);
            var pAt = new NpgsqlParameter("at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
            var pKey = new NpgsqlParameter("key", NpgsqlDbType.Array | NpgsqlDbType.Text);
            insert.Parameters.AddRange(new[] { pChat, pSeq, pAt, pKey, new NpgsqlParameter("actor", actor), new NpgsqlParameter("body", body) });
            for (var round = 0; round < 10_000_000; round++)
            {
                var t = Stopwatch.GetTimestamp();
                if (t >= windowEnd) break;
                var now0 = DateTime.UtcNow;
                seq++;
                for (var i = 0; i < batch; i++)
                {
                    // Round-robin over 100 chats, each chat's sequence growing, as the log sees it.
                    var n = (seq - 1) * batch + i;
                    chatIds[i] = chats[n % chats.Length];
                    seqs[i] = n / chats.Length + 1;
                    ats[i] = now0;
                    keys[i] = "k" + n;
                }

                if (copy)
                {
                    await using var tx = await c.BeginTransactionAsync();
                    await using (var importer = await c.BeginBinaryImportAsync(
                                     $"COPY {Table} (chat_id, seq, kind, actor_id, at, body, client_key) FROM STDIN (FORMAT BINARY)"))
                    {
                        for (var i = 0; i < batch; i++)
                        {
                            await importer.StartRowAsync();
                            await importer.WriteAsync(chatIds[i], NpgsqlDbType.Text);
                            await importer.WriteAsync(seqs[i], NpgsqlDbType.Bigint);
                            await importer.WriteAsync((short)0, NpgsqlDbType.Smallint);
                            await importer.WriteAsync(actor, NpgsqlDbType.Text);
                            await importer.WriteAsync(ats[i], NpgsqlDbType.TimestampTz);
                            await importer.WriteAsync(body, NpgsqlDbType.Text);
                            await importer.WriteAsync(keys[i], NpgsqlDbType.Text);
                        }

                        await importer.CompleteAsync();
                    }

                    await tx.CommitAsync();
                }
                else
                {
                    pChat.Value = chatIds;
                    pSeq.Value = seqs;
                    pAt.Value = ats;
                    pKey.Value = keys;
                    await insert.ExecuteNonQueryAsync();
                }

                var now = Stopwatch.GetTimestamp();
                if (t >= windowStart && now <= windowEnd)
                {
                    Interlocked.Add(ref rows, batch);
                    latency.RecordTicks(now - t);
                }
            }
        })));
        var name = copy ? $"binary COPY, {batch} rows per commit, {writers} writers" : $"INSERT ... unnest, {batch} rows per commit, {writers} writers";
        return new RawResult(name, rows / duration, latency, await cpu);
    }

    public async ValueTask DisposeAsync()
    {
        if (source is null) return;
        try
        {
            await using var command = source.CreateCommand($"DROP TABLE IF EXISTS {Table}");
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // Best effort.
        }

        await source.DisposeAsync();
    }

    private Task<CpuUse> CpuSampler(double warmup, double duration) => Task.Run(async () =>
    {
        await Task.Delay(TimeSpan.FromSeconds(warmup));
        var cpu = CpuMeter.Start(serverPid);
        var watch = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(duration));
        return cpu.Stop(watch.Elapsed);
    });
}
