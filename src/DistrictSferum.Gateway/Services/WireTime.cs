using DistrictSferum.Contracts.Errors;
using Google.Protobuf.WellKnownTypes;

namespace DistrictSferum.Gateway.Services;

/// <summary>
/// Timestamps and durations off the wire. Protobuf lets a client send any seconds and nanos; only the documented
/// ranges (years 1 to 9999, nanos 0 to 999,999,999; durations up to 10,000 years, seconds and nanos of one sign)
/// become times, anything else is INVALID_ARGUMENT TIME_INVALID naming the field, before any grain is called.
/// </summary>
public static class WireTime
{
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;
    private const long MaxDurationSeconds = 315_576_000_000;

    public static DateTimeOffset? ToOptionalInstant(this Timestamp? t, string field) => t is null ? null : ToInstant(t, field);

    public static DateTimeOffset ToRequiredInstant(this Timestamp? t, string field) =>
        t is null ? throw DomainException.InvalidField(field, CommonErrors.FieldRequired, $"{field} is required.") : ToInstant(t, field);

    public static TimeSpan? ToOptionalSpan(this Duration? d, string field) => d is null ? null : ToSpan(d, field);

    private static DateTimeOffset ToInstant(Timestamp t, string field) =>
        t.Seconds is >= MinSeconds and <= MaxSeconds && t.Nanos is >= 0 and <= 999_999_999
            ? t.ToDateTimeOffset()
            : throw DomainException.InvalidField(field, CommonErrors.TimeInvalid, $"{field} is not a time between the years 1 and 9999.");

    private static TimeSpan ToSpan(Duration d, string field) =>
        d.Seconds is >= -MaxDurationSeconds and <= MaxDurationSeconds && d.Nanos is > -1_000_000_000 and < 1_000_000_000
            && (d.Seconds == 0 || d.Nanos == 0 || d.Seconds > 0 == d.Nanos > 0)
            ? d.ToTimeSpan()
            : throw DomainException.InvalidField(field, CommonErrors.TimeInvalid, $"{field} is not a valid duration.");
}
