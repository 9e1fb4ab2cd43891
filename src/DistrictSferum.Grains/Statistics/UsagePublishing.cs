using DistrictSferum.Contracts.Statistics;

namespace DistrictSferum.Grains.Statistics;

/// <summary>A cell read from the buckets, with the distinct members and the count behind its published value.</summary>
internal sealed record UsageRow(UsageCell Cell, int Members, long Count);

/// <summary>
/// The last step before a cell leaves the statistics side (pure, DIS-4): periods summed from day cells, k-anonymity
/// with complementary suppression, and one stable order.
/// </summary>
internal static class UsagePublishing
{
    /// <summary>
    /// Sums day cells over the whole period (one cell per metric and breakdown). A period's distinct members are at
    /// least the busiest day's, so that lower bound is what k is checked against (and what active members show).
    /// </summary>
    public static List<UsageRow> OverPeriod(List<UsageRow> rows, DateTimeOffset from) =>
        rows.GroupBy(r => (r.Cell.Metric, r.Cell.SchoolId, r.Cell.ClassName, r.Cell.Grade, r.Cell.ChatKind, r.Cell.Role))
            .Select(g =>
            {
                var members = g.Max(r => r.Members);
                var count = g.Key.Metric == UsageKinds.ActiveMembers ? g.Max(r => r.Count) : g.Sum(r => r.Count);
                var first = g.First().Cell;
                return new UsageRow(first with { BucketStart = from, Value = count, Seconds = g.Sum(r => r.Cell.Seconds ?? 0) }, members, count);
            })
            .ToList();

    /// <summary>Suppresses what k requires (a suppressed cell keeps only its labels) and orders the cells.</summary>
    public static List<UsageCell> Publish(List<UsageRow> rows, int k, IReadOnlyList<UsageDimension> groupBy, UsageBucketSize? bucket)
    {
        var cells = new List<SuppressionCell<UsageRow, SiblingGroup>>(rows.Count);
        foreach (var row in rows) cells.Add(new(row, row.Members, row.Count, GroupsOf(row.Cell, groupBy, bucket)));
        Suppression.Apply(cells, k);
        var published = new UsageCell[cells.Count];
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i].Item.Cell;
            published[i] = cells[i].Suppressed ? cell with { Value = null, Seconds = null, Suppressed = true } : cell;
        }

        Array.Sort(published, CellOrder);
        return [.. published];
    }

    private static int CellOrder(UsageCell a, UsageCell b)
    {
        var c = a.BucketStart.CompareTo(b.BucketStart);
        if (c == 0) c = string.CompareOrdinal(a.Metric, b.Metric);
        if (c == 0) c = string.CompareOrdinal(a.SchoolName, b.SchoolName);
        if (c == 0) c = Nullable.Compare(a.Grade, b.Grade);
        if (c == 0) c = string.CompareOrdinal(a.ClassName, b.ClassName);
        if (c == 0) c = string.CompareOrdinal(a.ChatKind, b.ChatKind);
        if (c == 0) c = string.CompareOrdinal(a.Role, b.Role);
        return c;
    }

    /// <summary>
    /// The sibling groups a cell belongs to: along each breakdown dimension (siblings share every other value, and
    /// their parent total is published elsewhere), and along time (the buckets of one coarser period).
    /// </summary>
    private static SiblingGroup[] GroupsOf(UsageCell c, IReadOnlyList<UsageDimension> groupBy, UsageBucketSize? bucket)
    {
        var groups = new SiblingGroup[groupBy.Count + (bucket is null ? 0 : 1)];
        for (var i = 0; i < groupBy.Count; i++) groups[i] = SiblingGroup.Of(c, groupBy[i], c.BucketStart.UtcTicks);
        if (bucket is { } size)
        {
            // Minute cells add up to their hour, hour cells to their day, day cells to the whole range.
            var parent = size switch
            {
                UsageBucketSize.Minute => UsageFolding.BucketStart(c.BucketStart, UsageBucketSize.Hour).UtcTicks,
                UsageBucketSize.Hour => UsageFolding.BucketStart(c.BucketStart, UsageBucketSize.Day).UtcTicks,
                _ => long.MinValue,
            };
            groups[^1] = SiblingGroup.Of(c, null, parent);
        }

        return groups;
    }

    /// <summary>A cell's labels with the one dimension its siblings differ in left out (none: siblings in time).</summary>
    private readonly record struct SiblingGroup(string Metric, long Time, UsageDimension? Across, string? SchoolId, int? Grade, string? ClassName, string? ChatKind, string? Role)
    {
        public static SiblingGroup Of(UsageCell c, UsageDimension? across, long time) => new(c.Metric, time, across,
            across == UsageDimension.School ? null : c.SchoolId,
            across == UsageDimension.Class ? null : c.Grade,
            across == UsageDimension.Class ? null : c.ClassName,
            across == UsageDimension.ChatKind ? null : c.ChatKind,
            across == UsageDimension.Role ? null : c.Role);
    }
}
