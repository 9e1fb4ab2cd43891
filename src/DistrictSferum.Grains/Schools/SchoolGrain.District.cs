using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Audit;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Users;

namespace DistrictSferum.Grains.Schools;

/// <summary>What the district's oversight asks of a school; the oversight grain has checked the operator.</summary>
[Alias("ds.ISchoolDistrictOps")]
internal interface ISchoolDistrictOps : IGrainWithStringKey
{
    /// <summary>The application on record is replaced (the school's information stays as its administrators keep it).</summary>
    [Alias("ReplaceApplication")]
    Task<SchoolView> ReplaceApplication(Actor operatorActor, SchoolApplication application);

    /// <summary>ORG-1 again: the application's administrator becomes an administrator of the school.</summary>
    [Alias("AppointFromApplication")]
    Task<SchoolView> AppointFromApplication(Actor operatorActor, SchoolApplication application, string administratorId);

    [Alias("Counts"), Orleans.Concurrency.AlwaysInterleave]
    Task<SchoolCounts> Counts();
}

public sealed partial class SchoolGrain : ISchoolDistrictOps
{
    public async Task<SchoolView> ReplaceApplication(Actor operatorActor, SchoolApplication application)
    {
        RequireRegistered();
        School.ReplaceApplication(application);
        AuditForBoth(AdminActions.ApplicationUpdated, operatorActor, null, $"order {application.OrderNumber}");
        await CommitAsync();
        await FlushOrRetryLaterAsync();
        return View(includeApplication: true);
    }

    public async Task<SchoolView> AppointFromApplication(Actor operatorActor, SchoolApplication application, string administratorId)
    {
        RequireRegistered();
        School.AppointFromApplication(application, administratorId, Now);
        AuditForBoth(AdminActions.SchoolRecovered, operatorActor, administratorId, $"order {application.OrderNumber}");
        await CommitAsync();
        await GrainFactory.GetGrain<IUserMemberships>(administratorId).JoinSchool(SchoolId);
        await FlushOrRetryLaterAsync();
        return View(includeApplication: true);
    }

    /// <summary>An operator's action on the school: a row in the school's chain and one in the district's, both committed with it (issue 8).</summary>
    private void AuditForBoth(string action, Actor operatorActor, string? subjectUserId, string detail)
    {
        Audit(action, operatorActor, subjectUserId, detail);
        Audit(action, operatorActor, subjectUserId, $"school {SchoolId}: {detail}", IAdminAuditGrain.District);
    }

    public Task<SchoolCounts> Counts()
    {
        var members = School.Members.Values.ToList();
        int With(SchoolRoles role) => members.Count(m => m.Has(role));
        return Task.FromResult(new SchoolCounts(members.Count, With(SchoolRoles.Administrator), With(SchoolRoles.Teacher), With(SchoolRoles.Student),
            With(SchoolRoles.Parent), School.Classes.Values.Count(c => !c.Archived && c.Kind != ClassKind.StaffRoom)));
    }

    private void RequireRegistered()
    {
        if (!School.Registered) throw Contracts.Errors.DomainException.NotFound(Contracts.Errors.CommonErrors.SchoolNotFound, "No such school.", Rules.Dis1);
    }
}
