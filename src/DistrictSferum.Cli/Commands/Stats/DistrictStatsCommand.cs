using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

internal sealed class DistrictStatsSettings : StatsPeriodSettings;

/// <summary><c>stats district</c>: the district's totals, messages by day and a row per school (DIS-4).</summary>
[CliCommand("stats district", "The district's week (or day, month, academic year): totals, messages by day, a row per school (operators and analysts; DIS-4)")]
[CliExample("stats", "district", "--week")]
[CliExample("stats", "district", "--year", "-o", "csv")]
internal sealed class DistrictStatsCommand(CliEnvironment environment) : SferumCommand<DistrictStatsSettings>(environment)
{
    protected override async Task<int> RunAsync(DistrictStatsSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new StatisticsService.StatisticsServiceClient(connection.Invoker);
        var stats = await client.GetDistrictStatisticsAsync(
            new GetDistrictStatisticsRequest { Period = settings.Period, Day = settings.On ?? "" }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(stats);
            return ExitCodes.Ok;
        }

        if (output.ForScripts)
        {
            output.Write(StatsView.Cells([.. stats.Totals, .. stats.Daily, .. stats.BySchool], stats.K));
            return ExitCodes.Ok;
        }

        output.Line($"The district: {CliOutput.Date(stats.From)} to {CliOutput.Date(stats.To)} (cells with fewer than {stats.K} members are hidden)");
        output.Write(StatsView.Totals(stats.Totals, stats.K));
        output.Write(StatsView.Daily(stats.Daily, "message_sent", stats.K, bars: true));
        output.Write(StatsView.Breakdown("School", stats.BySchool, stats.K, "message_sent", "active_members", "school_joined"));
        return ExitCodes.Ok;
    }
}
