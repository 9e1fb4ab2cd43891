using DistrictSferum.Contracts.Meetings;

namespace DistrictSferum.Grains.Meetings;

/// <summary>One occurrence of a meeting: a weekly series has several, others one.</summary>
public readonly record struct Occurrence(DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// When a meeting happens and what state it is in, computed from the clock on every read (DESIGN §7): a lost
/// reminder can never leave a meeting "upcoming" for ever. Pure: no Orleans, no I/O.
/// </summary>
public static class MeetingSchedule
{
    /// <summary>Every occurrence not cancelled, in order; a broadcast started early or ended early moves its edges.</summary>
    public static IReadOnlyList<Occurrence> Occurrences(MeetingView m)
    {
        var list = new List<Occurrence>(m.WeeklyOccurrences);
        for (var i = 0; i < Math.Max(1, m.WeeklyOccurrences); i++)
        {
            var start = m.Start.AddDays(7 * i);
            if (m.CancelledOccurrences.Contains(start)) continue;
            list.Add(new Occurrence(start, start + m.Duration));
        }

        if (m.WeeklyOccurrences <= 1 && list.Count == 1)
        {
            var only = list[0];
            var start = m.StartedAt is { } s && s < only.Start ? s : only.Start;
            var end = m.EndedAt is { } e && e < only.End ? e : only.End;
            list[0] = new Occurrence(start, end < start ? start : end);
        }

        return list;
    }

    /// <summary>The end of the last occurrence: after it the meeting is over.</summary>
    public static DateTimeOffset LastEnd(MeetingView m) => Occurrences(m) is { Count: > 0 } o ? o[^1].End : m.Start;

    /// <summary>The running occurrence, else the next one; null once all are over.</summary>
    public static Occurrence? CurrentOrNext(MeetingView m, DateTimeOffset now)
    {
        if (m.Status == MeetingStatus.Cancelled) return null;
        foreach (var o in Occurrences(m))
            if (o.End > now) return o;
        return null;
    }

    /// <summary>The view with its status and next occurrence as of <paramref name="now"/>.</summary>
    public static MeetingView Evaluate(MeetingView m, DateTimeOffset now)
    {
        if (m.Status == MeetingStatus.Cancelled) return m with { NextStart = null, NextEnd = null };
        var next = CurrentOrNext(m, now);
        var status = next is not { } o ? MeetingStatus.Ended : o.Start <= now ? MeetingStatus.Live : MeetingStatus.Scheduled;
        return m with { Status = status, NextStart = next?.Start, NextEnd = next?.End };
    }

    /// <summary>Occurrences overlapping [from, until): a calendar's rows.</summary>
    public static IEnumerable<Occurrence> Between(MeetingView m, DateTimeOffset from, DateTimeOffset until) =>
        m.Status == MeetingStatus.Cancelled ? [] : Occurrences(m).Where(o => o.End > from && o.Start < until);

    /// <summary>
    /// The announcements that fell due in (<paramref name="after"/>, <paramref name="now"/>]: a reminder
    /// <paramref name="lead"/> before each start and a notice at each start. One that is already stale (a reminder
    /// after its start, a start after its end, e.g. when the silo was down) is skipped, not announced late.
    /// </summary>
    public static IReadOnlyList<(MeetingNoticeKind Kind, Occurrence Occurrence)> Due(MeetingView m, DateTimeOffset after, DateTimeOffset now, TimeSpan lead)
    {
        var due = new List<(MeetingNoticeKind, Occurrence)>();
        if (m.Status == MeetingStatus.Cancelled) return due;
        foreach (var o in Occurrences(m))
        {
            var remindAt = o.Start - lead;
            if (remindAt > after && remindAt <= now && now < o.Start) due.Add((MeetingNoticeKind.Reminder, o));
            if (o.Start > after && o.Start <= now && now < o.End) due.Add((MeetingNoticeKind.Started, o));
        }

        return due;
    }

    /// <summary>The next moment something is announced or accounted after <paramref name="now"/>: what the reminder is set to.</summary>
    public static DateTimeOffset? NextMoment(MeetingView m, DateTimeOffset now, TimeSpan lead)
    {
        if (m.Status == MeetingStatus.Cancelled) return null;
        DateTimeOffset? next = null;
        foreach (var o in Occurrences(m))
            foreach (var moment in new[] { o.Start - lead, o.Start, o.End })
                if (moment > now && (next is null || moment < next)) next = moment;
        return next;
    }

    /// <summary>Occurrences that ended in (<paramref name="after"/>, <paramref name="now"/>]: counted once for statistics.</summary>
    public static IEnumerable<Occurrence> EndedBetween(MeetingView m, DateTimeOffset after, DateTimeOffset now) =>
        m.Status == MeetingStatus.Cancelled ? [] : Occurrences(m).Where(o => o.End > after && o.End <= now);
}
