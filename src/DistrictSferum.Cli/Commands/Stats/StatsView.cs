using System.Globalization;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;

namespace DistrictSferum.Cli.Commands;

/// <summary>How usage cells read in a terminal: metric labels, suppressed cells, durations and bars.</summary>
internal static class StatsView
{
    private const int BarWidth = 30;

    /// <summary>Readable names of the metrics the server publishes; an unknown metric shows by its key.</summary>
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["message_sent"] = "Messages sent",
        ["active_members"] = "Active members",
        ["chat_joined"] = "Chat joins",
        ["chat_left"] = "Chat leaves",
        ["school_joined"] = "School joins",
        ["school_left"] = "School leaves",
        ["student_moved"] = "Students moved",
        ["invite_created"] = "Invites created",
        ["invite_used"] = "Invites used",
        ["join_requested"] = "Join requests",
        ["join_decided"] = "Join requests decided",
        ["session"] = "Sessions",
        ["staff_reply"] = "Staff replies to parents",
    };

    public static string Label(string metric) =>
        Labels.TryGetValue(metric, out var label) ? label
        : metric.StartsWith("moderation_", StringComparison.Ordinal) ? "Moderation: " + metric["moderation_".Length..].Replace('_', ' ')
        : metric;

    /// <summary>The figure, or "&lt;k" for a cell hidden because fewer than k members are behind it.</summary>
    public static string Value(UsageCell cell, int k) =>
        cell.Suppressed ? $"<{k}" : cell.Value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The mean duration of a duration metric (time to decision, connected time, time to a staff reply).</summary>
    public static string Mean(UsageCell cell) =>
        cell.Suppressed || cell.Value == 0 || cell.Seconds <= 0 ? "" : Duration(cell.Seconds / cell.Value);

    public static string Duration(double seconds) =>
        seconds < 60 ? $"{seconds:0} s"
        : seconds < 3600 ? $"{Math.Floor(seconds / 60):0} min {seconds % 60:0} s"
        : $"{Math.Floor(seconds / 3600):0} h {Math.Floor(seconds % 3600 / 60):0} min";

    /// <summary>What a breakdown row is about: class (name or grade), chat kind, role or school.</summary>
    public static string Subject(UsageCell cell) =>
        cell.ClassName.Length > 0 ? cell.ClassName
        : cell.Grade > 0 ? $"grade {cell.Grade}"
        : cell.ChatKind.Length > 0 ? cell.ChatKind
        : cell.Role.Length > 0 ? cell.Role
        : cell.SchoolName.Length > 0 ? cell.SchoolName
        : "all";

    /// <summary>Totals: one row per metric, with the mean for duration metrics.</summary>
    public static Table Totals(IEnumerable<UsageCell> totals, int k)
    {
        var table = CliOutput.NewTable("Metric", "Value", "Mean");
        foreach (var cell in totals.OrderBy(c => c.Metric, StringComparer.Ordinal))
            table.AddTextRow(Label(cell.Metric), Value(cell, k), Mean(cell));
        return table;
    }

    /// <summary>A day-by-day series of one metric with a bar per day, scaled to the busiest day.</summary>
    public static Table Daily(IEnumerable<UsageCell> daily, string metric, int k, bool bars)
    {
        var days = daily.Where(c => c.Metric == metric).OrderBy(c => c.BucketStart.Seconds).ToList();
        var max = Math.Max(1, days.Where(c => !c.Suppressed).Select(c => c.Value).DefaultIfEmpty(0).Max());
        var table = bars ? CliOutput.NewTable("Day", Label(metric), "") : CliOutput.NewTable("Day", Label(metric));
        foreach (var day in days)
        {
            var date = day.BucketStart.ToDateTimeOffset().ToString("ddd yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (bars) table.AddTextRow(date, Value(day, k), day.Suppressed ? "" : new string('█', (int)Math.Ceiling(BarWidth * (double)day.Value / max)));
            else table.AddTextRow(date, Value(day, k));
        }

        return table;
    }

    /// <summary>A breakdown (by class, chat kind, role or school): a row per subject, a column per metric shown.</summary>
    public static Table Breakdown(string heading, IEnumerable<UsageCell> cells, int k, params string[] metrics)
    {
        var table = CliOutput.NewTable([heading, .. metrics.Select(Label)]);
        foreach (var row in cells.GroupBy(Subject).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            table.AddTextRow([row.Key, .. metrics.Select(m => row.FirstOrDefault(c => c.Metric == m) is { } cell ? Value(cell, k) : "0")]);
        }

        return table;
    }

    /// <summary>Cells as rows for a query or a stream: every dimension and figure in its own column.</summary>
    public static Table Cells(IEnumerable<UsageCell> cells, int k)
    {
        var table = CliOutput.NewTable("Bucket", "School", "Class", "Chat kind", "Role", "Metric", "Value", "Seconds");
        foreach (var c in cells) table.AddTextRow(Row(c, k));
        return table;
    }

    public static string[] Row(UsageCell c, int k) =>
    [
        c.BucketStart.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture), c.SchoolName,
        c.ClassName.Length > 0 ? c.ClassName : c.Grade > 0 ? c.Grade.ToString(CultureInfo.InvariantCulture) : "",
        c.ChatKind, c.Role, c.Metric, Value(c, k), c.Suppressed || c.Seconds <= 0 ? "" : c.Seconds.ToString("0.###", CultureInfo.InvariantCulture),
    ];
}
