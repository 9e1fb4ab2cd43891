using System.Globalization;
using System.Text.Json;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Meetings;
using Npgsql;
using NpgsqlTypes;

namespace DistrictSferum.Grains.Meetings;

public sealed class PostgresMeetingStore(NpgsqlDataSource database) : IMeetingStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task SaveAsync(MeetingView meeting, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO meetings (meeting_id, school_id, first_start, last_end, cancelled, view)
            VALUES (@id, @school, @first, @last, @cancelled, @view)
            ON CONFLICT (meeting_id) DO UPDATE
               SET first_start = excluded.first_start, last_end = excluded.last_end, cancelled = excluded.cancelled, view = excluded.view
            """);
        command.Parameters.AddWithValue("id", meeting.MeetingId);
        command.Parameters.AddWithValue("school", meeting.SchoolId);
        command.Parameters.AddWithValue("first", MeetingSchedule.Occurrences(meeting) is { Count: > 0 } o ? o[0].Start : meeting.Start);
        command.Parameters.AddWithValue("last", MeetingSchedule.LastEnd(meeting));
        command.Parameters.AddWithValue("cancelled", meeting.Status == MeetingStatus.Cancelled);
        command.Parameters.Add(new NpgsqlParameter("view", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(meeting with { AttendanceCount = 0 }, Json) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Page<MeetingView>> ListSchoolAsync(string schoolId, PageRequest page, CancellationToken cancellationToken = default)
    {
        var offset = Offset(page);
        await using var command = database.CreateCommand("""
            SELECT m.view, (SELECT count(*) FROM meeting_attendance a WHERE a.meeting_id = m.meeting_id)
              FROM meetings m WHERE m.school_id = @school
             ORDER BY m.first_start DESC, m.meeting_id OFFSET @offset LIMIT @limit
            """);
        command.Parameters.AddWithValue("school", schoolId);
        command.Parameters.AddWithValue("offset", offset);
        command.Parameters.AddWithValue("limit", page.EffectiveSize + 1);
        var rows = new List<MeetingView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) rows.Add(Read(reader.GetString(0)) with { AttendanceCount = reader.GetInt64(1) });
        var more = rows.Count > page.EffectiveSize;
        var items = rows.Take(page.EffectiveSize).ToList();
        return new Page<MeetingView>(items, more ? (offset + items.Count).ToString(CultureInfo.InvariantCulture) : null);
    }

    public async Task<IReadOnlyList<MeetingView>> UpcomingAsync(
        IReadOnlyList<string> schoolIds, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken = default)
    {
        if (schoolIds.Count == 0) return [];
        await using var command = database.CreateCommand("""
            SELECT view FROM meetings
             WHERE school_id = ANY(@schools) AND NOT cancelled AND last_end > @from AND first_start < @until
             ORDER BY first_start, meeting_id LIMIT @limit
            """);
        command.Parameters.AddWithValue("schools", schoolIds.ToArray());
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("until", until);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<MeetingView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) rows.Add(Read(reader.GetString(0)));
        return rows;
    }

    public async Task AddAttendanceAsync(AttendanceEntry e, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO meeting_attendance (meeting_id, occurrence_start, user_id, display_name, role, joined_at)
            VALUES (@meeting, @occurrence, @user, @name, @role, @at)
            """);
        command.Parameters.AddWithValue("meeting", e.MeetingId);
        command.Parameters.AddWithValue("occurrence", e.OccurrenceStart);
        command.Parameters.AddWithValue("user", e.UserId);
        command.Parameters.AddWithValue("name", e.DisplayName);
        command.Parameters.AddWithValue("role", e.Role);
        command.Parameters.AddWithValue("at", e.JoinedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Page<AttendanceEntry>> AttendanceAsync(string meetingId, PageRequest page, CancellationToken cancellationToken = default)
    {
        long after = 0;
        if (page.Cursor is { Length: > 0 } cursor && !long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after))
            throw DomainException.InvalidField("page_token", CommonErrors.CursorInvalid, "The page cursor is not one this list gave out.");
        await using var command = database.CreateCommand("""
            SELECT id, occurrence_start, user_id, display_name, role, joined_at FROM meeting_attendance
             WHERE meeting_id = @meeting AND id > @after ORDER BY id LIMIT @limit
            """);
        command.Parameters.AddWithValue("meeting", meetingId);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("limit", page.EffectiveSize + 1);
        var rows = new List<(long Id, AttendanceEntry Entry)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add((reader.GetInt64(0), new AttendanceEntry(meetingId, reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                reader.GetString(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5))));
        var more = rows.Count > page.EffectiveSize;
        var items = rows.Take(page.EffectiveSize).ToList();
        return new Page<AttendanceEntry>(items.Select(r => r.Entry).ToList(), more ? items[^1].Id.ToString(CultureInfo.InvariantCulture) : null);
    }

    public async Task<long> AttendanceCountAsync(string meetingId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("SELECT count(*) FROM meeting_attendance WHERE meeting_id = @meeting");
        command.Parameters.AddWithValue("meeting", meetingId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task SetFeedAsync(string userId, string tokenHash, DateTimeOffset createdAt, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (@user, @hash, @at)
            ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at
            """);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("hash", tokenHash);
        command.Parameters.AddWithValue("at", createdAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RevokeFeedAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("DELETE FROM calendar_feeds WHERE user_id = @user");
        command.Parameters.AddWithValue("user", userId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string?> FeedOwnerAsync(string tokenHash, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("SELECT user_id FROM calendar_feeds WHERE token_hash = @hash");
        command.Parameters.AddWithValue("hash", tokenHash);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static MeetingView Read(string json) => JsonSerializer.Deserialize<MeetingView>(json, Json)!;

    private static int Offset(PageRequest page) =>
        page.Cursor is not { Length: > 0 } cursor ? 0
        : int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset
        : throw DomainException.InvalidField("page_token", CommonErrors.CursorInvalid, "The page cursor is not one this list gave out.");
}
