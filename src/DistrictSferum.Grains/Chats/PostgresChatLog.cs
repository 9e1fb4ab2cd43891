using System.Diagnostics;
using System.Threading.Channels;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace DistrictSferum.Grains.Chats;

/// <summary>
/// The chat log in PostgreSQL with group commit: appends from every chat of this silo queue up, and a few writer
/// loops each take whatever is waiting and commit it as one statement pair in one transaction. An append's task
/// completes only after its batch is committed, so an acknowledgement always means durable. The writer loops run as a
/// hosted service; stopping it commits what is queued before it ends.
/// </summary>
public sealed class PostgresChatLog : BackgroundService, IChatLog
{
    private const int MaxBatch = 512;
    private const int Writers = 2;

    private readonly NpgsqlDataSource database;
    private readonly ILogger<PostgresChatLog> logger;
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false });

    public PostgresChatLog(NpgsqlDataSource database, ILogger<PostgresChatLog> logger)
    {
        this.database = database;
        this.logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Task[] writers;
        // The writers serve every chat: they must not inherit the trace of whichever call happened to start them.
        using (ExecutionContext.SuppressFlow()) writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
        await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        // Stopping: no new appends; the writers commit everything already queued, then end.
        queue.Writer.TryComplete();
        await Task.WhenAll(writers);
    }

    public async Task<AppendOutcome> AppendAsync(ChatEvent chatEvent, CancellationToken cancellationToken = default)
    {
        var group = await AppendGroupAsync([chatEvent], cancellationToken);
        return group.Written.Count == 1 ? group.Written[0] : throw group.StoppedBy!;
    }

    /// <summary>One chat's group is one unit of the group commit: never split from itself, committed whole or up to where it stopped.</summary>
    public Task<GroupAppend> AppendGroupAsync(IReadOnlyList<ChatEvent> events, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(events);
        if (!queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(PostgresChatLog));
        return pending.Completion.Task;
    }

    public async Task<long> LastSeqAsync(string chatId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("SELECT coalesce(max(seq), 0) FROM chat_events WHERE chat_id = @chat");
        command.Parameters.AddWithValue("chat", chatId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyDictionary<string, AppendOutcome>> RecentKeysAsync(string chatId, int count, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT actor_id, client_key, seq, at FROM chat_events
             WHERE chat_id = @chat AND client_key IS NOT NULL ORDER BY seq DESC LIMIT @count
            """);
        command.Parameters.AddWithValue("chat", chatId);
        command.Parameters.AddWithValue("count", count);
        var keys = new Dictionary<string, AppendOutcome>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            keys[SendKey.Of(reader.GetString(0), reader.GetString(1))] = new AppendOutcome(reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3), Duplicate: true);
        return keys;
    }

    public async Task<IReadOnlyList<ChatEvent>> EventsAfterAsync(string chatId, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"""
            SELECT {EventColumns}
              FROM chat_events WHERE chat_id = @chat AND seq > @after ORDER BY seq LIMIT @limit
            """);
        command.Parameters.AddWithValue("chat", chatId);
        command.Parameters.AddWithValue("after", afterSeq);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadEventsAsync(command, chatId, cancellationToken);
    }

    public async Task<IReadOnlyList<ChatEvent>> EventsBetweenAsync(string chatId, long afterSeq, long beforeSeq, IReadOnlyList<ChatEventKind> kinds, int limit,
        CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"""
            SELECT {EventColumns}
              FROM chat_events WHERE chat_id = @chat AND seq > @after AND seq < @before AND kind = ANY(@kinds) ORDER BY seq DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("chat", chatId);
        command.Parameters.AddWithValue("after", afterSeq);
        command.Parameters.AddWithValue("before", beforeSeq);
        command.Parameters.AddWithValue("kinds", kinds.Select(k => (short)k).ToArray());
        command.Parameters.AddWithValue("limit", limit);
        return await ReadEventsAsync(command, chatId, cancellationToken);
    }

    private static async Task<IReadOnlyList<ChatEvent>> ReadEventsAsync(NpgsqlCommand command, string chatId, CancellationToken cancellationToken)
    {
        var events = new List<ChatEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new ChatEvent(
                chatId, reader.GetInt64(0), (ChatEventKind)reader.GetInt16(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                NullableString(reader, 4), NullableLong(reader, 5), NullableLong(reader, 6), reader.GetFieldValue<string[]>(7),
                NullableString(reader, 8), NullableString(reader, 9), NullableString(reader, 10),
                reader.IsDBNull(11) ? null : reader.GetFieldValue<int[]>(11), Attachments(reader, 12)));
        }

        return events;
    }

    public async Task<IReadOnlyList<ChatMessage>> MessagesBeforeAsync(string chatId, long beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"""
            SELECT {MessageColumns} FROM chat_events
             WHERE chat_id = @chat AND seq < @before AND kind = 0 ORDER BY seq DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("chat", chatId);
        command.Parameters.AddWithValue("before", beforeSeq);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadMessagesAsync(command, chatId, cancellationToken);
    }

    public async Task<ChatMessage?> MessageAsync(string chatId, long seq, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"SELECT {MessageColumns} FROM chat_events WHERE chat_id = @chat AND seq = @seq AND kind = 0");
        command.Parameters.AddWithValue("chat", chatId);
        command.Parameters.AddWithValue("seq", seq);
        return (await ReadMessagesAsync(command, chatId, cancellationToken)).SingleOrDefault();
    }

    public async Task SetReadMarkerAsync(string chatId, string userId, long seq, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO chat_read_markers (chat_id, user_id, seq) VALUES (@chat, @user, @seq)
            ON CONFLICT (chat_id, user_id) DO UPDATE SET seq = greatest(chat_read_markers.seq, excluded.seq)
            """);
        command.Parameters.AddWithValue("chat", chatId);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("seq", seq);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> ReadMarkerAsync(string chatId, string userId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("SELECT seq FROM chat_read_markers WHERE chat_id = @chat AND user_id = @user");
        command.Parameters.AddWithValue("chat", chatId);
        command.Parameters.AddWithValue("user", userId);
        return await command.ExecuteScalarAsync(cancellationToken) is long seq ? seq : 0;
    }

    public async Task<long> UnreadAsync(string chatId, string userId, long afterSeq, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT count(*) FROM chat_events
             WHERE chat_id = @chat AND seq > @after AND kind = 0 AND actor_id <> @user AND deleted_at IS NULL
            """);
        command.Parameters.AddWithValue("chat", chatId);
        command.Parameters.AddWithValue("after", afterSeq);
        command.Parameters.AddWithValue("user", userId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private const string MessageColumns = "seq, actor_id, body, reply_to, mentions, at, edited_at, deleted_at, deleted_by, attachments";

    private const string EventColumns = "seq, kind, actor_id, at, body, target_seq, reply_to, mentions, subject_user_id, client_key, poll_id, poll_counts, attachments";

    /// <summary>A deleted message's attachments are gone with its text.</summary>
    private static IReadOnlyList<string>? Attachments(NpgsqlDataReader reader, int i) =>
        reader.GetFieldValue<string[]>(i) is { Length: > 0 } ids ? ids : null;

    private static async Task<IReadOnlyList<ChatMessage>> ReadMessagesAsync(NpgsqlCommand command, string chatId, CancellationToken cancellationToken)
    {
        var messages = new List<ChatMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new ChatMessage(
                chatId, reader.GetInt64(0), reader.GetString(1), NullableString(reader, 2), NullableLong(reader, 3),
                reader.GetFieldValue<string[]>(4), reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7), NullableString(reader, 8),
                reader.IsDBNull(7) ? Attachments(reader, 9) : null));
        }

        return messages;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            var rows = 0;
            while (rows < MaxBatch && queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                rows += pending.Events.Count;
            }

            if (batch.Count == 0) continue;
            var started = Stopwatch.GetTimestamp();
            using (StartCommitActivity(batch)) await WriteOrSplitAsync(batch);
            SferumTelemetry.CommitBatchSize.Record(rows);
            SferumTelemetry.CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            batch.Clear();
        }
    }

    /// <summary>One span per commit: a child of the first append's trace, linked to the others'.</summary>
    private static Activity? StartCommitActivity(List<Pending> batch)
    {
        if (!SferumTelemetry.Source.HasListeners()) return null;
        var links = batch.Skip(1).Where(p => p.Caller != default).Select(p => new ActivityLink(p.Caller));
        var activity = SferumTelemetry.Source.StartActivity("chat_log commit", ActivityKind.Internal, batch[0].Caller, links: links);
        activity?.SetTag("sferum.batch_size", batch.Count);
        return activity;
    }

    /// <summary>
    /// One bad row never fails its neighbours: a batch refused for its data is halved until only the bad row
    /// fails. A passing fault (connection lost, server restarting) is retried, which is safe: appends are
    /// idempotent by (chat, seq) and by client key.
    /// </summary>
    private async Task WriteOrSplitAsync(List<Pending> batch)
    {
        try
        {
            await WriteWithRetryAsync(batch);
        }
        catch (Exception e) when (IsDataError(e) && batch.Count > 1)
        {
            var half = batch.Count / 2;
            await WriteOrSplitAsync(batch[..half]);
            await WriteOrSplitAsync(batch[half..]);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Committing {Count} chat events failed", batch.Count);
            foreach (var pending in batch) pending.Completion.TrySetException(e);
        }
    }

    private async Task WriteWithRetryAsync(List<Pending> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteBatchAsync(batch);
                return;
            }
            catch (Exception e) when (IsTransient(e) && attempt < TransientAttempts)
            {
                logger.LogWarning(e, "Committing {Count} chat events failed for a passing reason; retry {Attempt}", batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * (1 << attempt))));
            }
        }
    }

    private const int TransientAttempts = 6;

    /// <summary>The statement was refused for what a row holds (class 22 data, 23 integrity, a trigger's exception).</summary>
    internal static bool IsDataError(Exception e) =>
        e is PostgresException p && (p.SqlState.StartsWith("22", StringComparison.Ordinal) || p.SqlState.StartsWith("23", StringComparison.Ordinal) || p.SqlState == PostgresErrorCodes.RaiseException)
        || e is ArgumentException or FormatException or InvalidCastException;

    internal static bool IsTransient(Exception e) => e is NpgsqlException { IsTransient: true } || e is PostgresException
    {
        SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.AdminShutdown
            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.CrashShutdown,
    } || e is TimeoutException;

    private async Task WriteBatchAsync(IReadOnlyList<Pending> batch)
    {
        var events = batch.SelectMany(p => p.Events).ToList();
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        await using var insert = new NpgsqlCommand("""
            INSERT INTO chat_events (chat_id, seq, kind, actor_id, at, body, target_seq, reply_to, mentions, subject_user_id, client_key,
                                     poll_id, poll_counts, attachments)
            SELECT c, s, k, a, t, b, ts, r, CASE WHEN m = '' THEN '{}'::text[] ELSE string_to_array(m, ',') END, u, ck,
                   p, string_to_array(pc, ',')::integer[], CASE WHEN f = '' THEN '{}'::text[] ELSE string_to_array(f, ',') END
              FROM unnest(@chat, @seq, @kind, @actor, @at, @body, @target, @reply, @mentions, @subject, @key, @poll, @counts, @files)
                   AS x(c, s, k, a, t, b, ts, r, m, u, ck, p, pc, f)
            ON CONFLICT DO NOTHING
            RETURNING chat_id, seq
            """, connection, transaction);
        Add(insert, "chat", NpgsqlDbType.Text, events.Select(e => e.ChatId));
        Add(insert, "seq", NpgsqlDbType.Bigint, events.Select(e => e.Seq));
        Add(insert, "kind", NpgsqlDbType.Smallint, events.Select(e => (short)e.Kind));
        Add(insert, "actor", NpgsqlDbType.Text, events.Select(e => e.ActorId));
        Add(insert, "at", NpgsqlDbType.TimestampTz, events.Select(e => e.At));
        Add(insert, "body", NpgsqlDbType.Text, events.Select(e => e.Body));
        Add(insert, "target", NpgsqlDbType.Bigint, events.Select(e => e.TargetSeq));
        Add(insert, "reply", NpgsqlDbType.Bigint, events.Select(e => e.ReplyTo));
        Add(insert, "mentions", NpgsqlDbType.Text, events.Select(e => string.Join(',', e.Mentions ?? [])));
        Add(insert, "subject", NpgsqlDbType.Text, events.Select(e => e.SubjectUserId));
        Add(insert, "key", NpgsqlDbType.Text, events.Select(e => e.ClientKey));
        Add(insert, "poll", NpgsqlDbType.Text, events.Select(e => e.PollId));
        Add(insert, "counts", NpgsqlDbType.Text, events.Select(e => e.PollCounts is null ? null : string.Join(',', e.PollCounts)));
        Add(insert, "files", NpgsqlDbType.Text, events.Select(e => string.Join(',', e.Attachments ?? [])));
        var inserted = new HashSet<(string, long)>();
        await using (var reader = await insert.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) inserted.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        // Rows not inserted (a retry of an earlier send, a row an earlier attempt of this batch committed, a number
        // already taken) are looked up before the commit: a group stops at the first of them, and what it inserted
        // after that is taken out again, so a chat's log never gets a gap (the chat numbers those events again).
        var results = await ResolveGroupsAsync(connection, batch, inserted);
        var stranded = batch.SelectMany((p, i) => p.Events.Skip(results[i].Written.Count).Where(e => inserted.Remove((e.ChatId, e.Seq)))).ToList();
        if (stranded.Count > 0)
        {
            await using var remove = new NpgsqlCommand("DELETE FROM chat_events AS t USING unnest(@schat, @sseq) AS s(c, q) WHERE t.chat_id = s.c AND t.seq = s.q",
                connection, transaction);
            Add(remove, "schat", NpgsqlDbType.Text, stranded.Select(e => e.ChatId));
            Add(remove, "sseq", NpgsqlDbType.Bigint, stranded.Select(e => e.Seq));
            await remove.ExecuteNonQueryAsync();
        }

        // Edits and deletions change the message only when their own event row went in: a duplicate changes nothing.
        var changes = events.Where(e => e.Kind is ChatEventKind.Edited or ChatEventKind.Deleted && inserted.Contains((e.ChatId, e.Seq))).ToList();
        if (changes.Count > 0)
        {
            await using var update = new NpgsqlCommand("""
                UPDATE chat_events AS t
                   SET body = CASE WHEN u.k = 2 THEN NULL ELSE u.b END,
                       edited_at = CASE WHEN u.k = 1 THEN u.t ELSE t.edited_at END,
                       deleted_at = CASE WHEN u.k = 2 THEN u.t ELSE t.deleted_at END,
                       deleted_by = CASE WHEN u.k = 2 THEN u.a ELSE t.deleted_by END
                  FROM unnest(@uchat, @utarget, @ukind, @ubody, @uat, @uactor) AS u(c, ts, k, b, t, a)
                 WHERE t.chat_id = u.c AND t.seq = u.ts AND t.kind = 0
                """, connection, transaction);
            Add(update, "uchat", NpgsqlDbType.Text, changes.Select(e => e.ChatId));
            Add(update, "utarget", NpgsqlDbType.Bigint, changes.Select(e => e.TargetSeq));
            Add(update, "ukind", NpgsqlDbType.Smallint, changes.Select(e => (short)e.Kind));
            Add(update, "ubody", NpgsqlDbType.Text, changes.Select(e => e.Body));
            Add(update, "uat", NpgsqlDbType.TimestampTz, changes.Select(e => e.At));
            Add(update, "uactor", NpgsqlDbType.Text, changes.Select(e => e.ActorId));
            await update.ExecuteNonQueryAsync();

            var deletions = changes.Where(e => e.Kind == ChatEventKind.Deleted).ToList();
            if (deletions.Count > 0)
            {
                // A deleted message's text must not come back through the edits that preceded its deletion
                // (found through the (chat_id, target_seq) index).
                await using var erase = new NpgsqlCommand("""
                    UPDATE chat_events AS t SET body = NULL
                      FROM unnest(@dchat, @dtarget) AS d(c, ts)
                     WHERE t.chat_id = d.c AND t.target_seq = d.ts AND t.kind = 1
                    """, connection, transaction);
                Add(erase, "dchat", NpgsqlDbType.Text, deletions.Select(e => e.ChatId));
                Add(erase, "dtarget", NpgsqlDbType.Bigint, deletions.Select(e => e.TargetSeq));
                await erase.ExecuteNonQueryAsync();
            }
        }

        await transaction.CommitAsync();
        for (var i = 0; i < batch.Count; i++) batch[i].Completion.TrySetResult(results[i]);
    }

    /// <summary>Each group's written prefix: inserted, or found already there (its own row, or an earlier send under its key).</summary>
    private static async Task<GroupAppend[]> ResolveGroupsAsync(NpgsqlConnection connection, IReadOnlyList<Pending> batch, HashSet<(string, long)> inserted)
    {
        var missing = batch.SelectMany(p => p.Events).Where(e => !inserted.Contains((e.ChatId, e.Seq))).ToList();
        var earlier = missing.Count == 0 ? [] : await EarlierSendsAsync(connection, missing);
        var ownRows = missing.Count == 0 ? [] : await RowsAlreadyThereAsync(connection, missing);
        var results = new GroupAppend[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var written = new List<AppendOutcome>(batch[i].Events.Count);
            Exception? stoppedBy = null;
            foreach (var e in batch[i].Events)
            {
                if (inserted.Contains((e.ChatId, e.Seq)) || ownRows.Contains((e.ChatId, e.Seq)))
                {
                    written.Add(new AppendOutcome(e.Seq, e.At, Duplicate: false));
                    continue;
                }

                if (e.ClientKey is not null && earlier.TryGetValue((e.ChatId, SendKey.Of(e.ActorId, e.ClientKey)), out var first)) written.Add(first);
                else stoppedBy = new InvalidOperationException($"Sequence {e.Seq} of chat {e.ChatId} is already taken.");
                break;
            }

            results[i] = new GroupAppend(written, stoppedBy);
        }

        return results;
    }

    /// <summary>
    /// Rows this very append already wrote (an earlier attempt committed, then its connection broke before the
    /// answer came back): the same chat and number holding the same event (kind, author, time, key, text, target).
    /// Another event under that number, even the same author's, is a number taken: two activations of one chat
    /// numbering at once (issue 9) must not have the second's message acknowledged and never stored.
    /// </summary>
    private static async Task<HashSet<(string, long)>> RowsAlreadyThereAsync(NpgsqlConnection connection, List<ChatEvent> missing)
    {
        await using var command = new NpgsqlCommand("""
            SELECT e.chat_id, e.seq FROM chat_events e
              JOIN unnest(@chat, @seq, @kind, @actor, @at, @key, @body, @target) AS k(c, s, kd, a, t, ck, b, ts)
                ON e.chat_id = k.c AND e.seq = k.s AND e.kind = k.kd AND e.actor_id = k.a AND e.at = k.t
               AND e.client_key IS NOT DISTINCT FROM k.ck AND e.body IS NOT DISTINCT FROM k.b AND e.target_seq IS NOT DISTINCT FROM k.ts
            """, connection);
        Add(command, "chat", NpgsqlDbType.Text, missing.Select(e => e.ChatId));
        Add(command, "seq", NpgsqlDbType.Bigint, missing.Select(e => e.Seq));
        Add(command, "kind", NpgsqlDbType.Smallint, missing.Select(e => (short)e.Kind));
        Add(command, "actor", NpgsqlDbType.Text, missing.Select(e => e.ActorId));
        Add(command, "at", NpgsqlDbType.TimestampTz, missing.Select(e => e.At));
        Add(command, "key", NpgsqlDbType.Text, missing.Select(e => e.ClientKey));
        Add(command, "body", NpgsqlDbType.Text, missing.Select(e => e.Body));
        Add(command, "target", NpgsqlDbType.Bigint, missing.Select(e => e.TargetSeq));
        var found = new HashSet<(string, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) found.Add((reader.GetString(0), reader.GetInt64(1)));
        return found;
    }

    private static async Task<Dictionary<(string, string), AppendOutcome>> EarlierSendsAsync(NpgsqlConnection connection, List<ChatEvent> missing)
    {
        var keyed = missing.Where(e => e.ClientKey is not null).ToList();
        var found = new Dictionary<(string, string), AppendOutcome>();
        if (keyed.Count == 0) return found;
        await using var command = new NpgsqlCommand("""
            SELECT e.chat_id, e.actor_id, e.client_key, e.seq, e.at FROM chat_events e
              JOIN unnest(@chat, @actor, @key) AS k(c, a, ck) ON e.chat_id = k.c AND e.actor_id = k.a AND e.client_key = k.ck
            """, connection);
        Add(command, "chat", NpgsqlDbType.Text, keyed.Select(e => e.ChatId));
        Add(command, "actor", NpgsqlDbType.Text, keyed.Select(e => e.ActorId));
        Add(command, "key", NpgsqlDbType.Text, keyed.Select(e => e.ClientKey));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            found[(reader.GetString(0), SendKey.Of(reader.GetString(1), reader.GetString(2)))] = new AppendOutcome(reader.GetInt64(3), reader.GetFieldValue<DateTimeOffset>(4), Duplicate: true);
        return found;
    }

    private static void Add<T>(NpgsqlCommand command, string name, NpgsqlDbType type, IEnumerable<T> values) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values.ToArray() });

    private static string? NullableString(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static long? NullableLong(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);

    private sealed class Pending(IReadOnlyList<ChatEvent> events)
    {
        public IReadOnlyList<ChatEvent> Events { get; } = events;

        /// <summary>The appending call's trace, so the commit shows up in it.</summary>
        public ActivityContext Caller { get; } = Activity.Current?.Context ?? default;

        public TaskCompletionSource<GroupAppend> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
