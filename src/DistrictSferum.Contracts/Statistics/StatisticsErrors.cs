namespace DistrictSferum.Contracts.Statistics;

/// <summary>
/// The error codes (google.rpc.ErrorInfo reasons) of usage statistics and their access: stable, clients switch on them.
/// The catalogue of every code with its status and rules is generated into protos/ERRORS.md by a test.
/// </summary>
public static class StatisticsErrors
{
    public const string AnalystNotFound = "ANALYST_NOT_FOUND";
    public const string BucketInvalid = "BUCKET_INVALID";
    public const string BucketTooFine = "BUCKET_TOO_FINE";
    public const string ClientCredentialsInvalid = "CLIENT_CREDENTIALS_INVALID";
    public const string DayInvalid = "DAY_INVALID";
    public const string DimensionInvalid = "DIMENSION_INVALID";
    public const string MetricUnknown = "METRIC_UNKNOWN";
    public const string NameInvalid = "NAME_INVALID";
    public const string PeriodInvalid = "PERIOD_INVALID";
    public const string RangeInvalid = "RANGE_INVALID";
    public const string RangeTooLong = "RANGE_TOO_LONG";
    public const string ScopeInvalid = "SCOPE_INVALID";
    public const string ServiceAccountNotFound = "SERVICE_ACCOUNT_NOT_FOUND";
    public const string StatisticsDenied = "STATISTICS_DENIED";
}
