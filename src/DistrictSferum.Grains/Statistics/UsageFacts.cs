using System.Security.Cryptography;
using System.Text;
using DistrictSferum.Contracts.Statistics;

namespace DistrictSferum.Grains.Statistics;

/// <summary>
/// Something counted, already stripped of who and what: the member is a one-way key used only to count distinct
/// members behind a cell. Class is kept as the aggregator's internal key; it never leaves as an identifier.
/// </summary>
public sealed record UsageFact(
    DateTimeOffset At,
    string SchoolId,
    UsageClass? Class,
    string ChatKind,
    string Role,
    string Kind,
    byte[] Member,
    long Count = 1,
    double Seconds = 0);

/// <summary>A class as the statistics side knows it: its internal id, its name (for its school's staff) and grade.</summary>
[GenerateSerializer, Immutable, Alias("ds.UsageClass")]
public sealed record UsageClass([property: Id(0)] string ClassId, [property: Id(1)] string Name, [property: Id(2)] int Grade);

public static class MemberKeys
{
    /// <summary>A one-way 16-byte key of a user id; user ids are random, so it cannot be walked back.</summary>
    public static byte[] Of(string userId) =>
        SHA256.HashData(Encoding.UTF8.GetBytes("district-sferum/usage-member/" + userId))[..16];
}

/// <summary>One cell of a bucket: '' in a dimension means "all".</summary>
public readonly record struct CellKey(
    char Bucket, DateTimeOffset BucketStart, string SchoolId, string ClassKey, string ClassName, int Grade,
    string ChatKind, string Role, string Kind)
{
    public static char Code(UsageBucketSize size) => size switch
    {
        UsageBucketSize.Minute => 'm',
        UsageBucketSize.Hour => 'h',
        _ => 'd',
    };
}

public sealed class CellDelta
{
    public long Count { get; set; }

    public double Seconds { get; set; }

    public HashSet<string> Members { get; } = [];
}

/// <summary>
/// Folds facts into the cells of every bucket size and grouping the queries read (pure). Each fact adds to its
/// school's and the district's cells; below school level (a class or a grade) only hourly and daily cells exist,
/// so a live minute is a school's (or the district's) total.
/// </summary>
public static class UsageFolding
{
    public static DateTimeOffset BucketStart(DateTimeOffset at, UsageBucketSize size)
    {
        var utc = at.ToUniversalTime();
        return size switch
        {
            UsageBucketSize.Minute => new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero),
            UsageBucketSize.Hour => new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero),
            _ => new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero),
        };
    }

    public static Dictionary<CellKey, CellDelta> Fold(IEnumerable<UsageFact> facts)
    {
        var cells = new Dictionary<CellKey, CellDelta>();
        foreach (var fact in facts) Add(cells, fact);
        return cells;
    }

    public static void Add(Dictionary<CellKey, CellDelta> cells, UsageFact fact)
    {
        var member = Convert.ToHexString(fact.Member);
        foreach (var size in new[] { UsageBucketSize.Minute, UsageBucketSize.Hour, UsageBucketSize.Day })
        {
            var start = BucketStart(fact.At, size);
            foreach (var school in new[] { fact.SchoolId, "" })
                foreach (var (classKey, className, grade) in ClassLevels(fact.Class, school.Length > 0, size))
                    foreach (var chatKind in Levels(fact.ChatKind, size))
                        foreach (var role in Levels(fact.Role, size))
                        {
                            var key = new CellKey(CellKey.Code(size), start, school, classKey, className, grade, chatKind, role, fact.Kind);
                            if (!cells.TryGetValue(key, out var delta)) cells[key] = delta = new CellDelta();
                            delta.Count += fact.Count;
                            delta.Seconds += fact.Seconds;
                            delta.Members.Add(member);
                        }
        }
    }

    private static IEnumerable<(string Key, string Name, int Grade)> ClassLevels(UsageClass? c, bool inSchool, UsageBucketSize size)
    {
        yield return ("", "", 0);
        if (c is null || size == UsageBucketSize.Minute) yield break;
        if (inSchool) yield return ("c:" + c.ClassId, c.Name, c.Grade);
        if (c.Grade > 0) yield return ("g:" + c.Grade, "", c.Grade);
    }

    /// <summary>Live minutes are school and district totals; breakdowns start at the hour.</summary>
    private static IEnumerable<string> Levels(string value, UsageBucketSize size) =>
        value.Length == 0 || size == UsageBucketSize.Minute ? [""] : [value, ""];
}
