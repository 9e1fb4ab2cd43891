using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Google.Protobuf;

namespace DistrictSferum.Tests.Postgres;

/// <summary>
/// Issue 15: a school is stored as rows (its school-wide part, one row per member, invite link and pending request),
/// and a command writes only the rows it changed. Every kind of school command is run once, then the server is
/// restarted on the same database: what a fresh activation reads back must be exactly what the first one showed.
/// A change the grain forgot to save would differ here.
/// </summary>
public sealed class SchoolStorageTests
{
    [Fact]
    public async Task Every_school_command_survives_a_restart_and_a_join_writes_rows_not_the_school()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("schoolstorage");
        SchoolScenario school;
        List<IMessage> before;
        await using (var first = await ServerHost.StartAsync(database))
        {
            school = await SchoolScenario.CreateAsync(first, students: 4, parents: 2);
            var admin = school.Admin;
            var id = school.SchoolId;
            await admin.Schools.UpdateSchoolAsync(new UpdateSchoolRequest { SchoolId = id, ShortName = "Школа сценария", ObjectionWindowHours = 12 });
            var other = (await admin.Classes.CreateClassAsync(new CreateClassRequest { SchoolId = id, Kind = ClassKind.Grade, Name = "7Б" })).Class.ClassId;
            var empty = (await admin.Classes.CreateClassAsync(new CreateClassRequest { SchoolId = id, Kind = ClassKind.Additional, Name = "Робототехника" })).Class.ClassId;
            await admin.Classes.RenameClassAsync(new RenameClassRequest { SchoolId = id, ClassId = other, Name = "7В" });
            await admin.Classes.ArchiveClassAsync(new ArchiveClassRequest { SchoolId = id, ClassId = empty });

            var deputy = await school.AddTeacherAsync();
            var leaver = await school.AddTeacherAsync();
            await admin.Classes.AttachClassTeacherAsync(new AttachClassTeacherRequest { SchoolId = id, ClassId = other, TeacherId = leaver.UserId });
            await admin.Members.SetManagementRoleAsync(new SetManagementRoleRequest { SchoolId = id, UserId = deputy.UserId, Role = SchoolRole.Deputy, Holds = true });
            await admin.Members.AppointAdministratorAsync(new AppointAdministratorRequest { SchoolId = id, UserId = school.Teacher.UserId });
            await admin.Members.RecordEmployeeLeftAsync(new RecordEmployeeLeftRequest { SchoolId = id, UserId = leaver.UserId });
            var unverified = await school.AddTeacherAsync(verified: false);
            await admin.Members.VerifyTeacherAsync(new VerifyTeacherRequest { SchoolId = id, UserId = unverified.UserId });
            await admin.Members.WithdrawVerificationAsync(new WithdrawVerificationRequest { SchoolId = id, UserId = unverified.UserId });

            await admin.Members.MoveStudentAsync(new MoveStudentRequest { SchoolId = id, StudentId = school.Students[0].UserId, ToClassId = other });
            await admin.Members.RecordStudentLeftAsync(new RecordStudentLeftRequest { SchoolId = id, UserId = school.Students[1].UserId });

            // Links: one used by a pending request, one revoked, one left unused and then annulled.
            var reviewed = await admin.Invites.CreateInviteAsync(new CreateInviteRequest { SchoolId = id, ClassId = school.ClassId, Role = JoinRole.Student });
            var newcomer = await first.SignInAsync(school.NextPhone());
            var pending = await newcomer.Invites.FollowInviteAsync(new FollowInviteRequest { Token = reviewed.Token });
            var decided = await first.SignInAsync(school.NextPhone());
            await decided.Invites.FollowInviteAsync(new FollowInviteRequest { Token = reviewed.Token });
            var requests = await admin.Members.ListJoinRequestsAsync(new ListJoinRequestsRequest { SchoolId = id });
            await admin.Members.DecideJoinRequestAsync(new DecideJoinRequestRequest
            {
                SchoolId = id,
                RequestId = requests.Requests.Single(r => r.UserId == decided.UserId).RequestId,
                Accept = true,
            });
            var revoked = await admin.Invites.CreateInviteAsync(new CreateInviteRequest { SchoolId = id, ClassId = other, Role = JoinRole.Student });
            await admin.Invites.RevokeInviteAsync(new RevokeInviteRequest { SchoolId = id, InviteId = revoked.Invite.InviteId });
            await admin.Invites.CreateInviteAsync(new CreateInviteRequest { SchoolId = id, ClassId = other, Role = JoinRole.Student });
            await admin.Invites.AnnulUnusedInvitesAsync(new AnnulUnusedInvitesRequest { SchoolId = id });
            Assert.Equal(JoinRequestStatus.Pending, pending.Request.Status);

            before = await SnapshotAsync(school.Admin, id);
        }

        // A join rewrites rows of its own, never a school blob: no grain state holds the school any more.
        Assert.Equal(0L, await TestSql.ScalarAsync(database, "SELECT count(*) FROM orleans_grain_state WHERE graintypestring = 'school'"));
        Assert.True(await TestSql.ScalarAsync(database, $"SELECT count(*) FROM school_members WHERE school_id = '{school.SchoolId}'") >= 8);

        await using var second = await ServerHost.StartAsync(database);
        var after = await SnapshotAsync(school.Admin.On(second.Channel), school.SchoolId);
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++) Assert.Equal(before[i], after[i]);
    }

    private static async Task<List<IMessage>> SnapshotAsync(Session admin, string id) =>
    [
        await admin.Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = id }),
        await admin.Classes.ListClassesAsync(new ListClassesRequest { SchoolId = id, IncludeArchived = true }),
        await admin.Members.ListMembersAsync(new ListMembersRequest { SchoolId = id, PageSize = 500 }),
        await admin.Invites.ListInvitesAsync(new ListInvitesRequest { SchoolId = id, PageSize = 500 }),
        await admin.Members.ListJoinRequestsAsync(new ListJoinRequestsRequest { SchoolId = id, PageSize = 500 }),
        await admin.Members.ListMovementsAsync(new ListMovementsRequest { SchoolId = id, PageSize = 500 }),
    ];
}
