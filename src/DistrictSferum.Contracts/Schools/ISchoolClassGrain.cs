namespace DistrictSferum.Contracts.Schools;

/// <summary>
/// A class of a school (key: <see cref="Key"/>): owns its invite links and the join requests made through them, so
/// a morning of admissions spreads over the school's classes instead of queueing on the school. The school stays the
/// authority on who is a member: a class asks it before counting a link's use and hands it each accepted request.
/// </summary>
[Alias("ds.ISchoolClassGrain")]
public interface ISchoolClassGrain : IGrainWithStringKey
{
    static string Key(string schoolId, string classId) => $"{schoolId}/{classId}";

    /// <summary>ORG-5, REG-2, REG-4: a link to this class in a role (the token is returned once, never stored).</summary>
    [Alias("CreateInvite")]
    Task<CreatedInvite> CreateInvite(Actor actor, InviteRequest request);

    /// <summary>Follows a link (found by its token's hash): a join request, accepted at once if the link says so (ORG-8).</summary>
    [Alias("FollowInvite")]
    Task<FollowResult> FollowInvite(Actor actor, string inviteId, string tokenHash);
}
