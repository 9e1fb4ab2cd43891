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
