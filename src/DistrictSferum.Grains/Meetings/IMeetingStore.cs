using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Meetings;

namespace DistrictSferum.Grains.Meetings;

/// <summary>The unbounded side of meetings in PostgreSQL: every meeting's last view, attendance, calendar feeds.</summary>
public interface IMeetingStore
{
    Task SaveAsync(MeetingView meeting, CancellationToken cancellationToken = default);

    /// <summary>A school's meetings, newest start first, each with its attendance count.</summary>
    Task<Page<MeetingView>> ListSchoolAsync(string schoolId, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>Meetings of these schools, not cancelled, not over at <paramref name="from"/>, starting before <paramref name="until"/>.</summary>
    Task<IReadOnlyList<MeetingView>> UpcomingAsync(IReadOnlyList<string> schoolIds, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken = default);

    Task AddAttendanceAsync(AttendanceEntry entry, CancellationToken cancellationToken = default);

    Task<Page<AttendanceEntry>> AttendanceAsync(string meetingId, PageRequest page, CancellationToken cancellationToken = default);

    Task<long> AttendanceCountAsync(string meetingId, CancellationToken cancellationToken = default);

    /// <summary>Sets the member's one feed token hash, replacing (revoking) any earlier one.</summary>
    Task SetFeedAsync(string userId, string tokenHash, DateTimeOffset createdAt, CancellationToken cancellationToken = default);

    Task RevokeFeedAsync(string userId, CancellationToken cancellationToken = default);

    Task<string?> FeedOwnerAsync(string tokenHash, CancellationToken cancellationToken = default);
}
