using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Communities;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Users;
using DistrictSferum.Grains.Schools;

namespace DistrictSferum.Grains.Communities;

/// <summary>Where a person stands in the district's schools as a teacher, asked of the schools themselves.</summary>
internal static class TeacherStandings
{
    public static async Task<TeacherStanding> OfAsync(IGrainFactory grains, string userId)
    {
        var profile = await grains.GetGrain<IUserDirectory>(userId).GetProfileUnchecked();
        var ids = new List<string>();
        var shortNames = new List<string>();
        foreach (var schoolId in profile.SchoolIds)
        {
            var school = grains.GetGrain<ISchoolGrain>(schoolId);
            try
            {
                var member = await grains.GetGrain<ISchoolFacts>(schoolId).GetMembership(userId);
                if ((member.Roles & SchoolRoles.Teacher) == 0 || !member.VerifiedTeacher) continue;
                ids.Add(schoolId);
                shortNames.Add((await school.Get(new Actor(userId))).Info.ShortName);
            }
            catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
            {
                // Left meanwhile.
            }
        }

        return new TeacherStanding(userId, profile.DisplayName, ids, shortNames);
    }
}
