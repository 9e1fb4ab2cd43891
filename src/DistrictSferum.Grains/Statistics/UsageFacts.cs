using System.Buffers.Binary;
using System.Runtime.InteropServices;
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

    /// <summary>A key as a number (big-endian, so numbers sort as the bytes do): cheap to hash and hold in sets.</summary>
    public static UInt128 Number(byte[] key) => BinaryPrimitives.ReadUInt128BigEndian(key);

    public static byte[] Bytes(UInt128 number)
    {
        var key = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(key, number);
        return key;
    }
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

    /// <summary>The members behind the delta (<see cref="MemberKeys.Number"/>).</summary>
    public HashSet<UInt128> Members { get; } = [];
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

    private static readonly UsageBucketSize[] Sizes = [UsageBucketSize.Minute, UsageBucketSize.Hour, UsageBucketSize.Day];

    /// <summary>
    /// The fact's cells: per bucket size, its school's and the district's totals; from the hour on also per class (the
    /// school's cells only) and per grade, each of those per chat kind and role and for all of them. Runs for every
    /// fact the aggregator reads, so it allocates only the cells that are new.
    /// </summary>
    public static void Add(Dictionary<CellKey, CellDelta> cells, UsageFact fact)
    {
        var member = MemberKeys.Number(fact.Member);
        var classKey = fact.Class is { } c ? "c:" + c.ClassId : "";
        var gradeKey = fact.Class is { Grade: > 0 } g ? GradeKey(g.Grade) : "";
        foreach (var size in Sizes)
        {
            var cell = new CellKey(CellKey.Code(size), BucketStart(fact.At, size), "", "", "", 0, "", "", fact.Kind);
            var breakdowns = size != UsageBucketSize.Minute;
            foreach (var school in (ReadOnlySpan<string>)[fact.SchoolId, ""])
            {
                var inSchool = cell with { SchoolId = school };
                AddGroupings(cells, inSchool, fact, member, breakdowns);
                if (!breakdowns || fact.Class is not { } schoolClass) continue;
                if (school.Length > 0) AddGroupings(cells, inSchool with { ClassKey = classKey, ClassName = schoolClass.Name, Grade = schoolClass.Grade }, fact, member, true);
                if (gradeKey.Length > 0) AddGroupings(cells, inSchool with { ClassKey = gradeKey, Grade = schoolClass.Grade }, fact, member, true);
            }
        }
    }

    /// <summary>Live minutes are school and district totals; breakdowns by chat kind and role start at the hour.</summary>
    private static void AddGroupings(Dictionary<CellKey, CellDelta> cells, CellKey cell, UsageFact fact, UInt128 member, bool breakdowns)
    {
        Touch(cells, cell, fact, member);
        if (!breakdowns) return;
        if (fact.ChatKind.Length > 0) Touch(cells, cell with { ChatKind = fact.ChatKind }, fact, member);
        if (fact.Role.Length > 0) Touch(cells, cell with { Role = fact.Role }, fact, member);
        if (fact.ChatKind.Length > 0 && fact.Role.Length > 0) Touch(cells, cell with { ChatKind = fact.ChatKind, Role = fact.Role }, fact, member);
    }

    private static void Touch(Dictionary<CellKey, CellDelta> cells, CellKey key, UsageFact fact, UInt128 member)
    {
        ref var delta = ref CollectionsMarshal.GetValueRefOrAddDefault(cells, key, out _);
        delta ??= new CellDelta();
        delta.Count += fact.Count;
        delta.Seconds += fact.Seconds;
        delta.Members.Add(member);
    }

    private static readonly string[] GradeKeys = [.. Enumerable.Range(0, 12).Select(g => "g:" + g)];

    private static string GradeKey(int grade) => grade < GradeKeys.Length ? GradeKeys[grade] : "g:" + grade;
}
