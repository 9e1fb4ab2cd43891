using System.ComponentModel;
using System.Globalization;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

/// <summary>The period of a summary: <c>--day</c>, <c>--week</c> (default), <c>--month</c> or <c>--year</c> around <c>--on</c>.</summary>
internal class StatsPeriodSettings : GlobalSettings
{
    [CommandOption("--day"), Description("One day")]
    public bool Day { get; set; }

    [CommandOption("--week"), Description("The week (Monday to Sunday) of --on; the default")]
    public bool Week { get; set; }

    [CommandOption("--month"), Description("The calendar month of --on")]
    public bool Month { get; set; }

    [CommandOption("--year"), Description("The academic year (from 1 September) of --on")]
    public bool Year { get; set; }

    [CommandOption("--on <DATE>"), Description("A day of the period, YYYY-MM-DD (default: today)")]
    public string? On { get; set; }

    public StatisticsPeriod Period =>
        Day ? StatisticsPeriod.Day : Month ? StatisticsPeriod.Month : Year ? StatisticsPeriod.AcademicYear : StatisticsPeriod.Week;

    public override ValidationResult Validate() =>
        new[] { Day, Week, Month, Year }.Count(f => f) > 1 ? ValidationResult.Error("give one of --day, --week, --month, --year")
        : On is not null && !DateOnly.TryParseExact(On, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? ValidationResult.Error($"--on must be a date such as 2026-09-01, not '{On}'")
        : ValidationResult.Success();
}

/// <summary>What a query or a stream covers: a school or the district, the bucket size and the breakdown.</summary>
internal class StatsScopeSettings : GlobalSettings
{
    private static readonly Dictionary<string, UsageBucket> Buckets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["minute"] = UsageBucket.Minute,
        ["hour"] = UsageBucket.Hour,
        ["day"] = UsageBucket.Day,
    };

    private static readonly Dictionary<string, UsageDimension> Dimensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["school"] = UsageDimension.School,
        ["class"] = UsageDimension.Class,
        ["chat-kind"] = UsageDimension.ChatKind,
        ["role"] = UsageDimension.Role,
    };

    [CommandOption("--school <SCHOOL_ID>"), Description("One school (default: the whole district)")]
    public string? SchoolId { get; set; }

    [CommandOption("--bucket <SIZE>"), Description("minute, hour or day")]
    public string? Bucket { get; set; }

    [CommandOption("--by <DIMENSIONS>"), Description("Break down by school, class, chat-kind and/or role, comma-separated (below school level: hour or day buckets)")]
    public string? By { get; set; }

    public UsageBucket BucketSize(UsageBucket fallback) => Bucket is null ? fallback : Buckets[Bucket];

    public IEnumerable<UsageDimension> GroupBy => Split(By).Select(d => Dimensions[d]);

    protected static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override ValidationResult Validate() =>
        Bucket is not null && !Buckets.ContainsKey(Bucket) ? ValidationResult.Error($"--bucket must be minute, hour or day, not '{Bucket}'")
        : Split(By).FirstOrDefault(d => !Dimensions.ContainsKey(d)) is { } unknown
            ? ValidationResult.Error($"--by takes school, class, chat-kind and role, not '{unknown}'")
        : ValidationResult.Success();
}
