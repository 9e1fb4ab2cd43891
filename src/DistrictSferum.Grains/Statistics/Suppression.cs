namespace DistrictSferum.Grains.Statistics;

/// <summary>A cell on its way out: its distinct members, its count, and the sibling groups it belongs to.</summary>
public sealed class SuppressionCell<T, TGroup>(T item, int members, long count, IReadOnlyList<TGroup> groups)
    where TGroup : notnull
{
    public T Item { get; } = item;

    public int Members { get; } = members;

    public long Count { get; } = count;

    /// <summary>
    /// Keys of the groups of siblings whose sum is (or can be) published as a total: the other cells of the same
    /// breakdown under the same parent, and the other buckets of the same coarser period.
    /// </summary>
    public IReadOnlyList<TGroup> Groups { get; } = groups;

    public bool Suppressed { get; set; }
}

/// <summary>
/// DIS-4 k-anonymity (pure). A cell with fewer than k distinct members behind it is suppressed; where a group of
/// siblings holds exactly one suppressed cell, its parent total minus the others would reveal it, so the smallest
/// other sibling is suppressed too (complementary suppression), repeated until no group has a lone hidden cell.
/// </summary>
public static class Suppression
{
    public const int DefaultK = 5;
    public const int MinimumK = 3;

    public static void Apply<T, TGroup>(IReadOnlyList<SuppressionCell<T, TGroup>> cells, int k)
        where TGroup : notnull
    {
        if (k < MinimumK) throw new ArgumentOutOfRangeException(nameof(k), $"k is never below {MinimumK}.");
        foreach (var cell in cells) cell.Suppressed = cell.Members < k;
        var byGroup = new Dictionary<TGroup, List<SuppressionCell<T, TGroup>>>();
        foreach (var cell in cells)
        {
            foreach (var group in cell.Groups)
            {
                if (!byGroup.TryGetValue(group, out var siblings)) byGroup[group] = siblings = [];
                siblings.Add(cell);
            }
        }

        var groups = byGroup.Values.Where(g => g.Count > 1).ToList();
        bool changed;
        do
        {
            changed = false;
            foreach (var group in groups)
            {
                if (group.Count(c => c.Suppressed) != 1) continue;
                var next = group.Where(c => !c.Suppressed).OrderBy(c => c.Members).ThenBy(c => c.Count).First();
                next.Suppressed = true;
                changed = true;
            }
        }
        while (changed);
    }
}
