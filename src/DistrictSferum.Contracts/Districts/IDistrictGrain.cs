using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Contracts.Districts;

/// <summary>
/// The district (one per cluster, key <see cref="Key"/>): its operators and the register of its schools. What the
/// server and other grains ask of it without an actor (the first operator, operator checks, school names) is in the
/// Grains project.
/// </summary>
[Alias("ds.IDistrictGrain")]
public interface IDistrictGrain : IGrainWithStringKey
{
    public const string Key = "district";

    /// <summary>An operator appoints another operator.</summary>
    [Alias("AddOperator")]
    Task<string> AddOperator(Actor actor, ContactAddress contact, string displayName);

    /// <summary>Lists the operators (operators only).</summary>
    [Alias("ListOperators")]
    Task<IReadOnlyList<OperatorView>> ListOperators(Actor actor);

    /// <summary>An operator removes an operator (themself included), never the last one.</summary>
    [Alias("RemoveOperator")]
    Task RemoveOperator(Actor actor, string userId);

    /// <summary>Whether the actor is a district operator (their own profile shows it).</summary>
    [Alias("ActorIsOperator"), Orleans.Concurrency.AlwaysInterleave]
    Task<bool> IsOperator(Actor actor);

    /// <summary>ORG-1: registers a school from its application and appoints its administrator.</summary>
    [Alias("RegisterSchool")]
    Task<SchoolView> RegisterSchool(Actor actor, SchoolApplication application, string? schoolId = null);

    [Alias("ListSchools")]
    Task<Page<SchoolSummary>> ListSchools(Actor actor, PageRequest page);

    /// <summary>Schools whose name or short name contains <paramref name="query"/> (any case), in registration order.</summary>
    [Alias("SearchSchools")]
    Task<Page<SchoolSummary>> SearchSchools(Actor actor, string query, PageRequest page);

    /// <summary>
    /// A district-wide announcement to the administrators of every school: a ticket in each school's support queue
    /// (REG-5), live on their support stream. Returns how many schools it reached; a retry reaches the rest once.
    /// </summary>
    [Alias("AnnounceToAdministrators")]
    Task<int> AnnounceToAdministrators(Actor actor, string announcementId, string subject, string text);
}

[GenerateSerializer, Immutable, Alias("ds.OperatorView")]
public sealed record OperatorView([property: Id(0)] string UserId, [property: Id(1)] string DisplayName);
