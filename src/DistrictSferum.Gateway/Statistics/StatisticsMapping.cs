using System.Globalization;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using Google.Protobuf.WellKnownTypes;
using C = DistrictSferum.Contracts.Statistics;
using P = DistrictSferum.Protos.V1;
using DistrictSferum.Contracts.Statistics;

namespace DistrictSferum.Gateway.Statistics;

public static class StatisticsMapping
{
    public static P.UsageCell ToProto(this C.UsageCell c) => new()
    {
        BucketStart = c.BucketStart.ToTimestamp(),
        SchoolId = c.SchoolId ?? "",
        SchoolName = c.SchoolName ?? "",
        ClassName = c.ClassName ?? "",
        Grade = c.Grade ?? 0,
        ChatKind = c.ChatKind ?? "",
        Role = c.Role ?? "",
        Metric = c.Metric,
        Value = c.Value ?? 0,
        Seconds = c.Seconds ?? 0,
        Suppressed = c.Suppressed,
    };

    public static C.UsageBucketSize ToContract(this P.UsageBucket bucket, C.UsageBucketSize unspecified) => bucket switch
    {
        P.UsageBucket.Unspecified => unspecified,
        P.UsageBucket.Minute => C.UsageBucketSize.Minute,
        P.UsageBucket.Hour => C.UsageBucketSize.Hour,
        P.UsageBucket.Day => C.UsageBucketSize.Day,
        _ => throw DomainException.Invalid(StatisticsErrors.BucketInvalid, "bucket is not a known bucket size.", Rules.Dis4),
    };

    public static IReadOnlyList<C.UsageDimension> ToContract(this IEnumerable<P.UsageDimension> dimensions) => dimensions.Select(d => d switch
    {
        P.UsageDimension.School => C.UsageDimension.School,
        P.UsageDimension.Class => C.UsageDimension.Class,
        P.UsageDimension.ChatKind => C.UsageDimension.ChatKind,
        P.UsageDimension.Role => C.UsageDimension.Role,
        _ => throw DomainException.Invalid(StatisticsErrors.DimensionInvalid, "group_by holds an unknown dimension.", Rules.Dis4),
    }).ToList();

    public static C.StatisticsPeriod ToContract(this P.StatisticsPeriod period) => period switch
    {
        P.StatisticsPeriod.Unspecified or P.StatisticsPeriod.Week => C.StatisticsPeriod.Week,
        P.StatisticsPeriod.Day => C.StatisticsPeriod.Day,
        P.StatisticsPeriod.Month => C.StatisticsPeriod.Month,
        P.StatisticsPeriod.AcademicYear => C.StatisticsPeriod.AcademicYear,
        _ => throw DomainException.Invalid(StatisticsErrors.PeriodInvalid, "period is not a known period.", Rules.Org14),
    };

    public static DateOnly? ParseDay(string day) =>
        day.Length == 0 ? null
        : DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed
        : throw DomainException.Invalid(StatisticsErrors.DayInvalid, "day must be YYYY-MM-DD.", Rules.Org14);

    /// <summary>A watch cursor is a closed bucket's start in Unix milliseconds.</summary>
    public static string Cursor(DateTimeOffset bucketStart) => bucketStart.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseCursor(string cursor) =>
        cursor.Length == 0 ? DateTimeOffset.MinValue
        : long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms < 253402300799999L
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : throw DomainException.Invalid(CommonErrors.CursorInvalid, "cursor is not one this stream gave out.", Rules.Dis4);
}
