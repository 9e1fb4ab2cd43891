namespace DistrictSferum.Grains.Statistics;

/// <summary>
/// The (cell, member) pairs of hour and day cells one school's aggregator has stored. An active member's every fact
/// lands in hour and day cells that already count them; inserting those pairs again (for ON CONFLICT to ignore) was
/// most of a commit's rows. Only pairs of a committed transaction are added; when full it starts over, and a pair it
/// forgot is inserted again and ignored, as before.
/// </summary>
public sealed class StoredMembers(int capacity = 50_000)
{
    private readonly HashSet<(long Cell, UInt128 Member)> pairs = [];

    public bool Contains(long cell, UInt128 member) => pairs.Contains((cell, member));

    public void Add(IReadOnlyList<(long Cell, UInt128 Member)> committed)
    {
        if (pairs.Count + committed.Count > capacity) pairs.Clear();
        pairs.UnionWith(committed);
    }

    public int Count => pairs.Count;
}
