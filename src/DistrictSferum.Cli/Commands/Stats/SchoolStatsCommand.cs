using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class SchoolStatsSettings : StatsPeriodSettings
{
    [CommandArgument(0, "<SCHOOL_ID>"), System.ComponentModel.Description("The school's id")]
    public string SchoolId { get; set; } = "";
}

/// <summary>
/// <c>stats school</c>: the figures a director opens first (ORG-14): totals, messages by day with bars, and the
/// breakdowns by class, chat kind and role. Suppressed cells read "&lt;k".
/// </summary>
[CliCommand("stats school", "A school's week (or day, month, academic year): totals, messages by day, by class, chat kind and role (administrators and the director; ORG-14)")]
[CliExample("stats", "school", "SCHOOL_ID", "--week")]
[CliExample("stats", "school", "SCHOOL_ID", "--month", "--on", "2026-09-01", "--json")]
internal sealed class SchoolStatsCommand(CliEnvironment environment) : SferumCommand<SchoolStatsSettings>(environment)
{
    protected override async Task<int> RunAsync(SchoolStatsSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new StatisticsService.StatisticsServiceClient(connection.Invoker);
        var stats = await client.GetSchoolStatisticsAsync(
            new GetSchoolStatisticsRequest { SchoolId = settings.SchoolId, Period = settings.Period, Day = settings.On ?? "" },
            await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(stats);
            return ExitCodes.Ok;
        }

        if (output.ForScripts)
        {
            output.Write(StatsView.Cells([.. stats.Totals, .. stats.Daily, .. stats.ByClass, .. stats.ByChatKind, .. stats.ByRole], stats.K));
            return ExitCodes.Ok;
        }

        output.Line($"{stats.SchoolName}: {CliOutput.Date(stats.From)} to {CliOutput.Date(stats.To)} (cells with fewer than {stats.K} members are hidden)");
        output.Write(StatsView.Totals(stats.Totals, stats.K));
        if (stats.HasMedianFirstStaffReplySeconds)
            output.Line($"Median time from a parent's message to the first staff reply: {StatsView.Duration(stats.MedianFirstStaffReplySeconds)}");
        output.Write(StatsView.Daily(stats.Daily, "message_sent", stats.K, bars: true));
        output.Write(StatsView.Breakdown("Class", stats.ByClass, stats.K, "message_sent", "active_members"));
        output.Write(StatsView.Breakdown("Chat kind", stats.ByChatKind, stats.K, "message_sent", "active_members"));
        output.Write(StatsView.Breakdown("Role", stats.ByRole, stats.K, "message_sent", "active_members"));
        return ExitCodes.Ok;
    }
}
