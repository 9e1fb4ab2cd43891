using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Statistics;

namespace DistrictSferum.Grains.Statistics;

/// <summary>Who reads statistics, and what a request may ask for (pure).</summary>
public static class StatisticsRules
{
    /// <summary>Every metric a query returns when it names none.</summary>
    public static readonly IReadOnlyList<string> DefaultMetrics =
    [
        UsageKinds.MessageSent, UsageKinds.ActiveMembers, UsageKinds.ChatJoined, UsageKinds.ChatLeft, UsageKinds.SchoolJoined,
        UsageKinds.SchoolLeft, UsageKinds.StudentMoved, UsageKinds.InviteCreated, UsageKinds.InviteUsed, UsageKinds.JoinRequested,
        UsageKinds.JoinDecided, UsageKinds.Session, UsageKinds.StaffReply, "moderation_remind", "moderation_delete_message",
        "moderation_block", "moderation_report", "moderation_unblock_early",
    ];

    public static TimeSpan Span(UsageBucketSize bucket) => bucket switch
    {
        UsageBucketSize.Minute => TimeSpan.FromMinutes(1),
        UsageBucketSize.Hour => TimeSpan.FromHours(1),
        _ => TimeSpan.FromDays(1),
    };

    /// <summary>The longest range one query may cover at each bucket size.</summary>
    public static TimeSpan MaxRange(UsageBucketSize bucket) => bucket switch
    {
        UsageBucketSize.Minute => TimeSpan.FromDays(2),
        UsageBucketSize.Hour => TimeSpan.FromDays(400),
        _ => TimeSpan.FromDays(5 * 366),
    };

    /// <summary>DIS-4: minutes are school (or district) totals; anything below school level is hourly or coarser.</summary>
    public static UsageQuery Validate(UsageQuery query)
    {
        if (query.To <= query.From)
            throw DomainException.Invalid(StatisticsErrors.RangeInvalid, "The range must end after it starts.", Rules.Dis4);
        if (query.To - query.From > MaxRange(query.Bucket))
            throw DomainException.Invalid(StatisticsErrors.RangeTooLong, $"At most {MaxRange(query.Bucket).TotalDays:0} days of {query.Bucket.ToString().ToLowerInvariant()} buckets in one query.", Rules.Dis4);
        if (query.Bucket == UsageBucketSize.Minute && query.GroupBy.Any(d => d != UsageDimension.School))
            throw DomainException.Invalid(StatisticsErrors.BucketTooFine, "Minute buckets are school totals; break down by class, chat kind or role by the hour or coarser.", Rules.Dis4);
        if (query.SchoolId is not null && query.GroupBy.Contains(UsageDimension.School))
            query = query with { GroupBy = query.GroupBy.Where(d => d != UsageDimension.School).ToList() };
        var unknown = query.Metrics.FirstOrDefault(m => !IsMetric(m));
        if (unknown is not null)
            throw DomainException.Invalid(StatisticsErrors.MetricUnknown, $"'{unknown}' is not a usage metric.", Rules.Dis4);
        var from = Floor(query.From, query.Bucket);
        return query with
        {
            From = from,
            To = query.To,
            GroupBy = query.GroupBy.Distinct().Order().ToList(),
            Metrics = query.Metrics.Count == 0 ? DefaultMetrics : query.Metrics.Distinct().ToList(),
        };
    }

    /// <summary>Kinds are lower_snake_case names; other parts add their own (meetings, files...).</summary>
    public static bool IsMetric(string metric) =>
        metric.Length is > 0 and <= 64 && metric.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_');

    public static DateTimeOffset Floor(DateTimeOffset at, UsageBucketSize bucket) => UsageFolding.BucketStart(at, bucket);

    /// <summary>The calendar range of a period around <paramref name="day"/> (weeks start on Monday; the academic year on 1 September).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) PeriodRange(StatisticsPeriod period, DateOnly day)
    {
        DateOnly from, to;
        switch (period)
        {
            case StatisticsPeriod.Day:
                (from, to) = (day, day.AddDays(1));
                break;
            case StatisticsPeriod.Week:
                from = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
                to = from.AddDays(7);
                break;
            case StatisticsPeriod.Month:
                from = new DateOnly(day.Year, day.Month, 1);
                to = from.AddMonths(1);
                break;
            default:
                from = new DateOnly(day.Month >= 9 ? day.Year : day.Year - 1, 9, 1);
                to = from.AddYears(1);
                break;
        }

        return (new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
    }
}
