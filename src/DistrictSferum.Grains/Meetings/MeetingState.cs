using DistrictSferum.Contracts.Meetings;
using DistrictSferum.Grains.Statistics;

namespace DistrictSferum.Grains.Meetings;

[GenerateSerializer, Alias("ds.MeetingState")]
public sealed class MeetingState
{
    /// <summary>The meeting as planned; its status is only Scheduled or Cancelled here, the rest is the clock's.</summary>
    [Id(0)] public MeetingView? Meeting { get; set; }

    /// <summary>The conferencing room: 128 random bits, so nobody finds it by guessing.</summary>
    [Id(1)] public string Room { get; set; } = "";

    [Id(2)] public string OrganizerRole { get; set; } = "";

    /// <summary>Announcements due up to here were made.</summary>
    [Id(3)] public DateTimeOffset AnnouncedUpTo { get; set; }

    /// <summary>Occurrences ending up to here were counted for statistics.</summary>
    [Id(4)] public DateTimeOffset AccountedUpTo { get; set; }

    /// <summary>The occurrence <see cref="Participants"/> belong to (capacity is per occurrence).</summary>
    [Id(5)] public DateTimeOffset? ParticipantsOccurrence { get; set; }

    [Id(6)] public HashSet<string> Participants { get; set; } = [];

    /// <summary>Occurrences someone joined: only those count as held.</summary>
    [Id(7)] public HashSet<DateTimeOffset> AttendedOccurrences { get; set; } = [];

    [Id(8)] public string? StreamUrl { get; set; }

    /// <summary>DIS-4: usage facts committed with the state but not yet in usage_events.</summary>
    [Id(9)] public List<UsageRecord> UsageOutbox { get; set; } = [];

    /// <summary>The organiser's role as statistics count it (teacher, staff, ...).</summary>
    [Id(10)] public string OrganizerUsageRole { get; set; } = "";

    /// <summary>The class the meeting is for (its audience's, or its chat's), for statistics by class.</summary>
    [Id(11)] public string? ClassId { get; set; }

    /// <summary>Notices committed with the change they tell of and not yet delivered to the chat and the audience.</summary>
    [Id(12)] public List<MeetingNotice> PendingNotices { get; set; } = [];

    public bool Created => Meeting is not null;
}
