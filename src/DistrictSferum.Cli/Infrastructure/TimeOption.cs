using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>
/// A point in time given on the command line (<c>--until 2026-12-01T10:00Z</c>, <c>--from 2026-09-01</c>): ISO 8601,
/// and without an offset the local time, as tables show times.
/// </summary>
internal static class TimeOption
{
    /// <summary>For usage messages: "an ISO 8601 time such as 2026-12-01T10:00Z".</summary>
    public const string Expected = "an ISO 8601 time such as 2026-12-01T10:00Z or 2026-12-01T13:00+03:00 (without an offset: local time)";

    public static bool TryParse(string? value, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal | DateTimeStyles.AllowWhiteSpaces, out time);

    /// <summary>The option's value as a timestamp; null when the option was not given. Validate with <see cref="TryParse"/> first.</summary>
    public static Timestamp? ToTimestamp(string? value) =>
        value is null ? null
        : TryParse(value, out var time) ? Timestamp.FromDateTimeOffset(time)
        : throw CliException.Usage($"'{value}' is not {Expected}");

    /// <summary>The error for an option whose value is not a time, or null when it is a time or absent.</summary>
    public static string? Error(string option, string? value) =>
        value is null || TryParse(value, out _) ? null : $"{option} must be {Expected}, not '{value}'";
}
