namespace DistrictSferum.Contracts.Communities;

/// <summary>What a district community is for (DIS-2).</summary>
[GenerateSerializer, Alias("ds.CommunityKind")]
public enum CommunityKind
{
    MethodicalAssociation = 1,
    SubjectAssociation = 2,
    ProfessionalDevelopment = 3,
    Project = 4,
}

/// <summary>A community as the district's teachers and operators see it.</summary>
[GenerateSerializer, Immutable, Alias("ds.CommunityView")]
public sealed record CommunityView(
    [property: Id(0)] string CommunityId,
    [property: Id(1)] CommunityKind Kind,
    [property: Id(2)] string Title,
    [property: Id(3)] string Description,
    [property: Id(4)] IReadOnlyList<string> ModeratorIds,
    [property: Id(5)] int MemberCount,
    [property: Id(6)] DateTimeOffset CreatedAt);

/// <summary>
/// DIS-1's exception, exactly: what a community member sees of another member, who may be of another school:
/// their name, their teacher badge and their schools' short names. Nothing else of another school crosses.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.CommunityMemberView")]
public sealed record CommunityMemberView(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] bool VerifiedTeacher,
    [property: Id(3)] IReadOnlyList<string> SchoolShortNames,
    [property: Id(4)] bool Moderator,
    [property: Id(5)] DateTimeOffset JoinedAt);

/// <summary>A verified teacher's request to join, waiting for a moderator.</summary>
[GenerateSerializer, Immutable, Alias("ds.CommunityJoinRequest")]
public sealed record CommunityJoinRequest(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] IReadOnlyList<string> SchoolShortNames,
    [property: Id(3)] DateTimeOffset At);

/// <summary>A new community, from an operator (DIS-2).</summary>
[GenerateSerializer, Immutable, Alias("ds.NewCommunity")]
public sealed record NewCommunity(
    [property: Id(0)] CommunityKind Kind,
    [property: Id(1)] string Title,
    [property: Id(2)] string Description,
    [property: Id(3)] IReadOnlyList<string> ModeratorIds);

/// <summary>
/// Where a teacher of the district stands: a verified teacher of these schools (ids and short names).
/// Empty when they are a verified teacher of none.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.TeacherStanding")]
public sealed record TeacherStanding(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] IReadOnlyList<string> SchoolIds,
    [property: Id(3)] IReadOnlyList<string> SchoolShortNames);

public static class CommunityIds
{
    private const string Prefix = "community-";

    public static string New() => Prefix + Guid.NewGuid().ToString("N");

    /// <summary>The community id made of a derived id (a create with a client request id).</summary>
    public static string From(string derivedId) => Prefix + derivedId;

    /// <summary>A community's id (chats scoped to a community carry it where a school chat carries its school's).</summary>
    public static bool Is(string id) => id.StartsWith(Prefix, StringComparison.Ordinal);
}
