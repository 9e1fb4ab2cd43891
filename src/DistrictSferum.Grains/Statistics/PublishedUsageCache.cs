using System.Collections.Concurrent;
using DistrictSferum.Contracts.Statistics;

namespace DistrictSferum.Grains.Statistics;

/// <summary>
/// Published answers over closed buckets, kept a minute per server: closed cells do not change, so a dashboard's
/// repeated query (a year of hourly buckets is ~17,500 cells) skips the read and the suppression. Only answers whose
/// whole range was closed before the read are kept; the minute bounds how long a renamed school keeps its old name.
/// </summary>
public sealed class PublishedUsageCache
{
    public const int MaxEntries = 256;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Key, (IReadOnlyList<UsageCell> Cells, long Until)> answers = new();

    public bool TryGet(Key key, out IReadOnlyList<UsageCell> cells)
    {
        cells = [];
        if (!answers.TryGetValue(key, out var kept)) return false;
        if (Environment.TickCount64 < kept.Until)
        {
            cells = kept.Cells;
            return true;
        }

        answers.TryRemove(key, out _);
        return false;
    }

    public void Keep(Key key, IReadOnlyList<UsageCell> cells)
    {
        if (answers.Count >= MaxEntries) answers.Clear();
        answers[key] = (cells, Environment.TickCount64 + (long)Lifetime.TotalMilliseconds);
    }

    /// <summary>Everything an answer depends on besides the cells: the query, whether class names show, and k.</summary>
    public readonly record struct Key(string? SchoolId, DateTimeOffset From, DateTimeOffset To, UsageBucketSize Bucket, string GroupBy, string Metrics, bool Staff, int K)
    {
        public static Key Of(UsageQuery q, bool staff, int k) =>
            new(q.SchoolId, q.From, q.To, q.Bucket, string.Join(',', q.GroupBy), string.Join(',', q.Metrics), staff, k);
    }
}
