using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Files;
using DistrictSferum.Contracts.Support;
using Npgsql;

namespace DistrictSferum.Grains.Support;

/// <summary>Which tickets a read covers: a school's queue, the district's, or one requester's.</summary>
public sealed record SupportQuery(SupportScope Scope, string Key);

/// <summary>The support desk's tickets and threads in PostgreSQL (deploy/sql/0020). Each ticket has one writer, its queue grain.</summary>
public sealed class PostgresSupportStore(NpgsqlDataSource database)
{
    private const string Columns = """
        ticket_id, school_id, requester_id, requester_name, kind, category, subject, status, escalated, version, messages,
        created_at, updated_at, first_reply_at, closed_at, queue
        """;

    /// <summary>
    /// Writes the ticket as it is now and the thread line the change added with its files, in one transaction. A file
    /// attached elsewhere in the meantime (a chat message took it first) fails the whole change.
    /// </summary>
    public async Task SaveAsync(TicketView ticket, TicketMessage? line, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var upsert = new NpgsqlCommand($"""
            INSERT INTO support_tickets ({Columns})
            VALUES (@id, @school, @requester, @name, @kind, @category, @subject, @status, @escalated, @version, @messages,
                    @created, @updated, @first_reply, @closed, @queue)
            ON CONFLICT (ticket_id) DO UPDATE
               SET status = excluded.status, escalated = excluded.escalated, version = excluded.version,
                   messages = excluded.messages, updated_at = excluded.updated_at, first_reply_at = excluded.first_reply_at,
                   closed_at = excluded.closed_at
             WHERE support_tickets.version = excluded.version - 1
            """, connection, transaction))
        {
            upsert.Parameters.AddWithValue("id", ticket.TicketId);
            upsert.Parameters.AddWithValue("school", ticket.SchoolId);
            upsert.Parameters.AddWithValue("requester", ticket.RequesterId);
            upsert.Parameters.AddWithValue("name", ticket.RequesterName);
            upsert.Parameters.AddWithValue("kind", (short)ticket.Kind);
            upsert.Parameters.AddWithValue("category", (short)ticket.Category);
            upsert.Parameters.AddWithValue("subject", ticket.Subject);
            upsert.Parameters.AddWithValue("status", (short)ticket.Status);
            upsert.Parameters.AddWithValue("escalated", ticket.Escalated);
            upsert.Parameters.AddWithValue("version", ticket.Version);
            upsert.Parameters.AddWithValue("messages", ticket.Messages);
            upsert.Parameters.AddWithValue("created", ticket.CreatedAt);
            upsert.Parameters.AddWithValue("updated", ticket.UpdatedAt);
            upsert.Parameters.AddWithValue("first_reply", (object?)ticket.FirstReplyAt ?? DBNull.Value);
            upsert.Parameters.AddWithValue("closed", (object?)ticket.ClosedAt ?? DBNull.Value);
            upsert.Parameters.AddWithValue("queue", ticket.Queue);
            // The queue grain is the only writer: a row at another version means two activations wrote, never expected.
            if (await upsert.ExecuteNonQueryAsync(cancellationToken) != 1)
                throw new InvalidOperationException($"Ticket {ticket.TicketId} changed under its queue (expected version {ticket.Version - 1}).");
        }

        if (line is not null)
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO support_messages (ticket_id, seq, author_id, author_name, side, body, at)
                VALUES (@id, @seq, @author, @name, @side, @body, @at)
                """, connection, transaction);
            insert.Parameters.AddWithValue("id", line.TicketId);
            insert.Parameters.AddWithValue("seq", line.Seq);
            insert.Parameters.AddWithValue("author", line.AuthorId);
            insert.Parameters.AddWithValue("name", line.AuthorName);
            insert.Parameters.AddWithValue("side", (short)line.Side);
            insert.Parameters.AddWithValue("body", line.Body);
            insert.Parameters.AddWithValue("at", line.At);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            if (line.AttachmentIds.Count > 0) await AttachAsync(connection, transaction, line, ticket.SchoolId, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task AttachAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TicketMessage line, string schoolId, CancellationToken cancellationToken)
    {
        await using var attach = new NpgsqlCommand("""
            UPDATE files SET ticket_id = @id, ticket_seq = @seq
             WHERE file_id = ANY(@files) AND school_id = @school AND uploader_id = @author
               AND chat_id IS NULL AND ticket_id IS NULL AND deleted_at IS NULL AND purged_at IS NULL
            """, connection, transaction);
        attach.Parameters.AddWithValue("id", line.TicketId);
        attach.Parameters.AddWithValue("seq", line.Seq);
        attach.Parameters.AddWithValue("files", line.AttachmentIds.ToArray());
        attach.Parameters.AddWithValue("school", schoolId);
        attach.Parameters.AddWithValue("author", line.AuthorId);
        if (await attach.ExecuteNonQueryAsync(cancellationToken) != line.AttachmentIds.Count)
            throw DomainException.Precondition(FileErrors.AttachmentInvalid, "A file is attached elsewhere already.", Rules.Chat8);
    }

    public async Task<TicketView?> GetAsync(string ticketId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM support_tickets WHERE ticket_id = @id");
        command.Parameters.AddWithValue("id", ticketId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<TicketMessage>> ThreadAsync(string ticketId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT m.ticket_id, m.seq, m.author_id, m.author_name, m.side, m.body, m.at,
                   ARRAY(SELECT f.file_id FROM files f WHERE f.ticket_id = m.ticket_id AND f.ticket_seq = m.seq AND f.purged_at IS NULL ORDER BY f.file_id)
              FROM support_messages m WHERE m.ticket_id = @id ORDER BY m.seq
            """);
        command.Parameters.AddWithValue("id", ticketId);
        var lines = new List<TicketMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            lines.Add(new TicketMessage(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3),
                (SupportSide)reader.GetInt16(4), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<string[]>(7)));
        return lines;
    }

    /// <summary>Newest change first, offset-paged.</summary>
    public async Task<Page<TicketView>> ListAsync(SupportQuery query, SupportStatus? status, PageRequest page, CancellationToken cancellationToken = default)
    {
        var offset = Paging.Offset(page);
        await using var command = database.CreateCommand($"""
            SELECT {Columns} FROM support_tickets
             WHERE {Where(query)} AND (@status::smallint IS NULL OR status = @status)
             ORDER BY updated_at DESC, ticket_id OFFSET @offset LIMIT @limit
            """);
        command.Parameters.AddWithValue("key", query.Key);
        command.Parameters.Add(new NpgsqlParameter("status", NpgsqlTypes.NpgsqlDbType.Smallint) { Value = status is { } s ? (short)s : DBNull.Value });
        command.Parameters.AddWithValue("offset", offset);
        command.Parameters.AddWithValue("limit", page.EffectiveSize + 1);
        var rows = await ReadAllAsync(command, cancellationToken);
        return Paging.FromRows(rows, page, offset);
    }

    /// <summary>Tickets changed at or after <paramref name="since"/>, oldest change first.</summary>
    public async Task<IReadOnlyList<TicketView>> ChangedSinceAsync(SupportQuery query, DateTimeOffset since, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"""
            SELECT {Columns} FROM support_tickets WHERE {Where(query)} AND updated_at >= @since
             ORDER BY updated_at, ticket_id LIMIT @limit
            """);
        command.Parameters.AddWithValue("key", query.Key);
        command.Parameters.AddWithValue("since", since);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<SupportFigures> FiguresAsync(SupportQuery query, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"""
            SELECT count(*), count(first_reply_at), count(closed_at), count(*) FILTER (WHERE escalated),
                   extract(epoch FROM avg(first_reply_at - created_at))::float8, extract(epoch FROM avg(closed_at - created_at))::float8
              FROM support_tickets WHERE {Where(query)} AND created_at >= @from AND created_at < @to
            """);
        command.Parameters.AddWithValue("key", query.Key);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        TimeSpan? Seconds(int i) => reader.IsDBNull(i) ? null : TimeSpan.FromSeconds(reader.GetDouble(i));
        return new SupportFigures(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), Seconds(4), Seconds(5));
    }

    private static string Where(SupportQuery query) => query.Scope switch
    {
        SupportScope.School => "school_id = @key AND kind IN (1, 3)",
        SupportScope.District => "(escalated OR kind <> 1) AND @key <> ''",
        _ => "requester_id = @key",
    };

    private static async Task<List<TicketView>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<TicketView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) rows.Add(Read(reader));
        return rows;
    }

    private static TicketView Read(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), (TicketKind)r.GetInt16(4), (SupportCategory)r.GetInt16(5),
        r.GetString(6), (SupportStatus)r.GetInt16(7), r.GetBoolean(8), r.GetInt32(9), r.GetInt32(10),
        r.GetFieldValue<DateTimeOffset>(11), r.GetFieldValue<DateTimeOffset>(12),
        r.IsDBNull(13) ? null : r.GetFieldValue<DateTimeOffset>(13), r.IsDBNull(14) ? null : r.GetFieldValue<DateTimeOffset>(14), r.GetString(15));
}
