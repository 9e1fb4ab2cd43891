using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class WatchStatsSettings : StatsScopeSettings
{
    [CommandOption("--cursor <CURSOR>"), Description("Resume after the bucket with this cursor (printed with each bucket)")]
    public string? Cursor { get; set; }

    [CommandOption("--count <N>"), Description("Stop after N buckets")]
    public int? Count { get; set; }

    [CommandOption("--timeout <SECONDS>"), Description("Stop after SECONDS; with --count, fewer buckets by then is a failure (exit 1)")]
    public int? Timeout { get; set; }

    public override ValidationResult Validate() =>
        Count is <= 0 || Timeout is <= 0 ? ValidationResult.Error("--count and --timeout must be positive numbers") : base.Validate();
}

/// <summary>
/// <c>stats watch</c>: WatchUsage, each bucket as it closes: a line per cell after a line naming the bucket and its
/// cursor, or with <c>--json</c> one WatchUsageResponse per line (JSON Lines).
/// </summary>
[CliCommand("stats watch", "Follow closed buckets live (minute by default), a line per cell, until Ctrl+C, --count or --timeout; resumable with --cursor")]
[CliExample("stats", "watch", "--school", "SCHOOL_ID")]
[CliExample("stats", "watch", "--bucket", "hour", "--by", "school", "--count", "1", "--json")]
internal sealed class WatchStatsCommand(CliEnvironment environment) : SferumCommand<WatchStatsSettings>(environment)
{
    protected override async Task<int> RunAsync(WatchStatsSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new StatisticsService.StatisticsServiceClient(connection.Invoker);
        var options = await connection.AuthorizedAsync();
        var request = new WatchUsageRequest
        {
            SchoolId = settings.SchoolId ?? "",
            Bucket = settings.BucketSize(UsageBucket.Minute),
            GroupBy = { settings.GroupBy },
            Cursor = settings.Cursor ?? "",
        };
        return await FollowAsync(stop => client.WatchUsage(request, options.WithCancellationToken(stop)), settings.Count, settings.Timeout, "bucket", bucket =>
        {
            if (output.Json)
            {
                output.WriteJsonLine(bucket);
                return true;
            }

            output.UnwrappedLine($"bucket {CliOutput.Time(bucket.BucketStart)} (cursor {bucket.Cursor})");
            foreach (var cell in bucket.Cells) output.UnwrappedLine("  " + string.Join("\t", StatsView.Row(cell, bucket.K)));
            return true;
        });
    }
}
