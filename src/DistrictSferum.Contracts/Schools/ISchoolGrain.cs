namespace DistrictSferum.Contracts.Schools;

/// <summary>
/// A school (key: school id): a sealed space whose members see nothing of other schools (DIS-1).
/// Anyone who is neither a member nor a district operator gets NOT_FOUND.
/// </summary>
[Alias("ds.ISchoolGrain")]
public interface ISchoolGrain : IGrainWithStringKey
{
    /// <summary>Creates the school once, from the district grain (ORG-1).</summary>
    [Alias("Register")]
    Task<SchoolView> Register(SchoolRegistration registration);

    [Alias("Get")]
    Task<SchoolView> Get(Actor actor);

    /// <summary>ORG-2: an administrator edits the school's information.</summary>
    [Alias("UpdateInfo")]
    Task<SchoolView> UpdateInfo(Actor actor, SchoolInfoPatch patch);
}
