using Orleans.Concurrency;

namespace DistrictSferum.Grains.Statistics;

/// <summary>
/// A school's usage aggregator (key: school id): folds the school's durable logs into PostgreSQL buckets behind
/// checkpoints and rings the usage stream when buckets close. Grain-to-grain only.
/// </summary>
[Alias("ds.ISchoolUsageGrain")]
public interface ISchoolUsageGrain : IGrainWithStringKey
{
    /// <summary>Makes sure the aggregator runs (it keeps itself alive and a reminder brings it back after a crash).</summary>
    [Alias("Start"), OneWay]
    Task Start();
}

/// <summary>What the statistics side needs from a school: its name, its classes (name, grade) and members' roles.</summary>
[Alias("ds.ISchoolUsageSource")]
public interface ISchoolUsageSource : IGrainWithStringKey
{
    [Alias("UsageShape"), AlwaysInterleave]
    Task<SchoolUsageShape> UsageShape();

    /// <summary>Each user's primary role in the school ("" for someone who is no longer a member).</summary>
    [Alias("UsageRoles"), AlwaysInterleave]
    Task<IReadOnlyDictionary<string, string>> UsageRoles(IReadOnlyList<string> userIds);
}

[GenerateSerializer, Immutable, Alias("ds.SchoolUsageShape")]
public sealed record SchoolUsageShape(
    [property: Id(0)] bool Registered,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyDictionary<string, UsageClass> Classes);

/// <summary>The ids of a school's chats, for its aggregator.</summary>
[Alias("ds.ISchoolChatIds")]
public interface ISchoolChatIds : IGrainWithStringKey
{
    [Alias("ChatIds"), AlwaysInterleave]
    Task<IReadOnlyList<string>> ChatIds();
}
