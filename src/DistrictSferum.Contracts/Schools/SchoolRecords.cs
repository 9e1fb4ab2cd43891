namespace DistrictSferum.Contracts.Schools;

/// <summary>
/// The editable information of a school (ORG-2), with its moderation setting: how long members may object to
/// an apologising member's early unblock (ETH-7).
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.SchoolInfo")]
public sealed record SchoolInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] string ShortName,
    [property: Id(2)] string Address,
    [property: Id(3)] string TimeZone,
    [property: Id(4)] string JournalUrl,
    [property: Id(5)] int ObjectionWindowHours = 24);

/// <summary>A change to a school's information: null fields stay as they are.</summary>
[GenerateSerializer, Immutable, Alias("ds.SchoolInfoPatch")]
public sealed record SchoolInfoPatch(
    [property: Id(0)] string? Name = null,
    [property: Id(1)] string? ShortName = null,
    [property: Id(2)] string? Address = null,
    [property: Id(3)] string? TimeZone = null,
    [property: Id(4)] string? JournalUrl = null,
    [property: Id(5)] int? ObjectionWindowHours = null);

/// <summary>
/// ORG-1: the application on which a school is registered: the school, its appointed administrator with
/// contact data, and the director's order appointing them.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.SchoolApplication")]
public sealed record SchoolApplication(
    [property: Id(0)] SchoolInfo Info,
    [property: Id(1)] string AdminFullName,
    [property: Id(2)] string AdminEmail,
    [property: Id(3)] string AdminPhone,
    [property: Id(4)] string OrderNumber,
    [property: Id(5)] DateOnly OrderDate);

/// <summary>A school as the district's register lists it.</summary>
[GenerateSerializer, Immutable, Alias("ds.SchoolSummary")]
public sealed record SchoolSummary(
    [property: Id(0)] string SchoolId,
    [property: Id(1)] string Name,
    [property: Id(2)] string ShortName,
    [property: Id(3)] DateTimeOffset RegisteredAt);

/// <summary>A school as a viewer sees it; <see cref="Application"/> only for its administrators and operators.</summary>
[GenerateSerializer, Immutable, Alias("ds.SchoolView")]
public sealed record SchoolView(
    [property: Id(0)] string SchoolId,
    [property: Id(1)] SchoolInfo Info,
    [property: Id(2)] DateTimeOffset RegisteredAt,
    [property: Id(3)] IReadOnlyList<string> AdministratorIds,
    [property: Id(4)] SchoolApplication? Application);

/// <summary>What the district grain hands a new school grain.</summary>
[GenerateSerializer, Immutable, Alias("ds.SchoolRegistration")]
public sealed record SchoolRegistration(
    [property: Id(0)] SchoolApplication Application,
    [property: Id(1)] string AdministratorId,
    [property: Id(2)] string RegisteredBy);

/// <summary>
/// The new school year (issue 14): grade classes of the year that ended move up with their people (5А becomes 6А,
/// the same class); the final grade graduates and leaves (ETH-9). A preview and its application are the same plan.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.YearRollover")]
public sealed record YearRollover(
    [property: Id(0)] int FromYear,
    [property: Id(1)] int ToYear,
    [property: Id(2)] int FinalGrade,
    [property: Id(3)] IReadOnlyList<ClassStep> Classes,
    [property: Id(4)] IReadOnlyList<string> GraduateIds,
    [property: Id(5)] IReadOnlyList<string> ParentIdsLeaving,
    [property: Id(6)] IReadOnlyList<string> Conflicts,
    [property: Id(7)] bool Applied,
    [property: Id(8)] bool ClassChatsArchived = false);

/// <summary>One grade class in a rollover: its next name, or none when it graduates and is archived.</summary>
[GenerateSerializer, Immutable, Alias("ds.ClassStep")]
public sealed record ClassStep(
    [property: Id(0)] string ClassId,
    [property: Id(1)] string FromName,
    [property: Id(2)] string? ToName,
    [property: Id(3)] int Students);
