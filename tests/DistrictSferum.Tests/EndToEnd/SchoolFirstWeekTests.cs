using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>A school's first week, played through gRPC by the people who live it.</summary>
public sealed class SchoolFirstWeekTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerHost Server => fixture.Server;

    [Fact]
    public async Task ORG_3_to_ORG_11_REG_1_to_REG_4_ETH_9_a_schools_first_week()
    {
        // Monday: the district registers the school; its administrator builds the structure (ORG-1, ORG-3, ORG-4).
        var op = await Server.SignInOperatorAsync();
        var school = await op.District.RegisterSchoolAsync(SchoolRequests.Register("Школа первой недели", "+79994440001"));
        var id = school.School.SchoolId;
        var admin = await Server.SignInAsync("+79994440001");
        var classes = await admin.Classes.ListClassesAsync(new ListClassesRequest { SchoolId = id });
        var staffRoom = Assert.Single(classes.Classes, c => c.Kind == ClassKind.StaffRoom);
        Assert.Equal("Учительская", staffRoom.Name);
        var c2a = (await admin.Classes.CreateClassAsync(new CreateClassRequest { Kind = ClassKind.Grade, SchoolId = id, Name = "2а" })).Class;
        var c5a = (await admin.Classes.CreateClassAsync(new CreateClassRequest { Kind = ClassKind.Grade, SchoolId = id, Name = "5-А" })).Class;
        var c5b = (await admin.Classes.CreateClassAsync(new CreateClassRequest { Kind = ClassKind.Grade, SchoolId = id, Name = "5Б" })).Class;
        Assert.Equal(("2А", "5А"), (c2a.Name, c5a.Name));

        // Tuesday: teachers join the staff room through one link, unverified until the administrator verifies them (ORG-5, ORG-8, ORG-9, REG-1).
        var teacherLink = await admin.Invites.CreateInviteAsync(new CreateInviteRequest
        {
            SchoolId = id,
            ClassId = staffRoom.ClassId,
            Role = JoinRole.Teacher,
            MaxUses = 5,
            Lifetime = Duration.FromTimeSpan(TimeSpan.FromDays(3)),
        });
        var teacher = await Server.SignInAsync("+79994440011");
        var teacher2 = await Server.SignInAsync("teacher2@school.example.org");
        var pending = (await teacher.Invites.FollowInviteAsync(new FollowInviteRequest { Token = teacherLink.Token })).Request;
        await teacher2.Invites.FollowInviteAsync(new FollowInviteRequest { Token = teacherLink.Token });
        Assert.Equal(JoinRequestStatus.Pending, pending.Status);
        var requests = await admin.Members.ListJoinRequestsAsync(new ListJoinRequestsRequest { SchoolId = id });
        Assert.Equal(2, requests.Requests.Count);
        foreach (var r in requests.Requests)
            await admin.Members.DecideJoinRequestAsync(new DecideJoinRequestRequest { SchoolId = id, RequestId = r.RequestId, Accept = true });
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => teacher.Invites.CreateInviteAsync(new CreateInviteRequest { SchoolId = id, ClassId = c5a.ClassId, Role = JoinRole.Student }),
            "TEACHER_NOT_VERIFIED", "ORG-9");
        var verified = (await admin.Members.VerifyTeacherAsync(new VerifyTeacherRequest { SchoolId = id, UserId = teacher.UserId })).Member;
        Assert.True(verified.VerifiedTeacher);
        await admin.Members.VerifyTeacherAsync(new VerifyTeacherRequest { SchoolId = id, UserId = teacher2.UserId });

        // Wednesday: class teachers attached (ORG-7); the director marked among teachers (ORG-15); a second administrator (ORG-6).
        await admin.Classes.AttachClassTeacherAsync(new AttachClassTeacherRequest { SchoolId = id, ClassId = c5a.ClassId, TeacherId = teacher.UserId });
        await admin.Classes.AttachClassTeacherAsync(new AttachClassTeacherRequest { SchoolId = id, ClassId = c2a.ClassId, TeacherId = teacher2.UserId });
        await admin.Members.SetManagementRoleAsync(new SetManagementRoleRequest { SchoolId = id, UserId = teacher2.UserId, Role = SchoolRole.Director, Holds = true });
        await admin.Members.AppointAdministratorAsync(new AppointAdministratorRequest { SchoolId = id, UserId = teacher2.UserId });
        var director = (await admin.Members.GetMemberAsync(new GetMemberRequest { SchoolId = id, UserId = teacher2.UserId })).Member;
        Assert.Contains(SchoolRole.Director, director.Roles);
        Assert.Contains(SchoolRole.Administrator, director.Roles);

        // Thursday: the class teacher registers students (REG-2) with an auto-accept link; a primary pupil signs in with a parent's e-mail (REG-3).
        var studentLink = await teacher.Invites.CreateInviteAsync(new CreateInviteRequest { SchoolId = id, ClassId = c5a.ClassId, Role = JoinRole.Student, AutoAccept = true });
        var pupil1 = await Server.SignInAsync("+79994440021");
        var pupil2 = await Server.SignInAsync("+79994440022");
        Assert.Equal(JoinRequestStatus.Accepted, (await pupil1.Invites.FollowInviteAsync(new FollowInviteRequest { Token = studentLink.Token })).Request.Status);
        Assert.Equal(JoinRequestStatus.Accepted, (await pupil2.Invites.FollowInviteAsync(new FollowInviteRequest { Token = studentLink.Token })).Request.Status);
        var primaryLink = await teacher2.Invites.CreateInviteAsync(new CreateInviteRequest { SchoolId = id, ClassId = c2a.ClassId, Role = JoinRole.Student, AutoAccept = true });
        var little = await Server.SignInAsync("mama@family.example.org", childName: "Маша Петрова");
        await little.Invites.FollowInviteAsync(new FollowInviteRequest { Token = primaryLink.Token });
        var littleProfile = (await little.Users.GetMeAsync(new GetMeRequest())).Me;
        Assert.Equal("Маша Петрова", littleProfile.DisplayName);
        Assert.Contains(id, littleProfile.SchoolIds);
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => little.Invites.FollowInviteAsync(new FollowInviteRequest { Token = studentLink.Token }), "PRIMARY_PUPILS_ONLY", "REG-3");

        // Parents join through links bound to their children (REG-4); the mother's own account is not the child's.
        var parentLink = await teacher.Invites.CreateInviteAsync(new CreateInviteRequest { SchoolId = id, ClassId = c5a.ClassId, Role = JoinRole.Parent, StudentId = pupil1.UserId, AutoAccept = true });
        var mother = await Server.SignInAsync("mama@family.example.org");
        Assert.NotEqual(little.UserId, mother.UserId);
        await mother.Invites.FollowInviteAsync(new FollowInviteRequest { Token = parentLink.Token });
        var motherSeen = (await admin.Members.GetMemberAsync(new GetMemberRequest { SchoolId = id, UserId = mother.UserId })).Member;
        Assert.Equal([pupil1.UserId], motherSeen.ChildIds);
        Assert.Equal("mama@family.example.org", motherSeen.Email);

        // CHAT-5: a classmate sees the profile but never the phone or e-mail.
        var seenByClassmate = (await pupil2.Members.GetMemberAsync(new GetMemberRequest { SchoolId = id, UserId = pupil1.UserId })).Member;
        Assert.Equal(("", ""), (seenByClassmate.Phone, seenByClassmate.Email));

        // Friday: a student moves (ORG-10) and the mother follows; another leaves and loses the school at once (ETH-9).
        var moved = (await admin.Members.MoveStudentAsync(new MoveStudentRequest { SchoolId = id, StudentId = pupil1.UserId, ToClassId = c5b.ClassId })).Movement;
        Assert.Equal([mother.UserId], moved.ParentIds);
        var motherAfterMove = (await admin.Members.GetMemberAsync(new GetMemberRequest { SchoolId = id, UserId = mother.UserId })).Member;
        Assert.Equal(c5b.ClassId, Assert.Single(motherAfterMove.Classes).ClassId);
        await admin.Members.RecordStudentLeftAsync(new RecordStudentLeftRequest { SchoolId = id, UserId = pupil1.UserId });
        await RpcAssert.Fails(StatusCode.NotFound, () => pupil1.Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = id }), "SCHOOL_NOT_FOUND", "DIS-1");
        await RpcAssert.Fails(StatusCode.NotFound, () => mother.Classes.ListClassesAsync(new ListClassesRequest { SchoolId = id }));
        Assert.DoesNotContain(id, (await pupil1.Users.GetMeAsync(new GetMeRequest())).Me.SchoolIds);

        // The week's history, newest first (ORG-10); unused links annulled (ORG-11).
        var history = await admin.Members.ListMovementsAsync(new ListMovementsRequest { SchoolId = id, PageSize = 100 });
        Assert.Equal(
            [MovementKind.ParentLeft, MovementKind.StudentLeft, MovementKind.StudentMoved],
            history.Movements.Take(3).Select(m => m.Kind));
        Assert.Equal(6, history.Movements.Count(m => m.Kind == MovementKind.Joined));
        var spare = await admin.Invites.CreateInviteAsync(new CreateInviteRequest { SchoolId = id, ClassId = c5b.ClassId, Role = JoinRole.Student });
        var annulled = await admin.Invites.AnnulUnusedInvitesAsync(new AnnulUnusedInvitesRequest { SchoolId = id });
        Assert.Equal(1, annulled.Annulled);
        var invites = await admin.Invites.ListInvitesAsync(new ListInvitesRequest { SchoolId = id });
        Assert.True(Assert.Single(invites.Invites, i => i.InviteId == spare.Invite.InviteId).Revoked);
        Assert.Equal(2, Assert.Single(invites.Invites, i => i.InviteId == teacherLink.Invite.InviteId).Uses);
        await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => Server.SignInAsync("+79994440099").ContinueWith(t => t.Result.Invites.FollowInviteAsync(new FollowInviteRequest { Token = spare.Token }).ResponseAsync).Unwrap(),
            "INVITE_REVOKED", "ORG-11");
    }

    [Fact]
    public async Task ORG_5_a_hundred_simultaneous_redemptions_of_a_single_use_link_admit_exactly_one()
    {
        var op = await Server.SignInOperatorAsync();
        var school = await op.District.RegisterSchoolAsync(SchoolRequests.Register("Школа одной ссылки", "+79994450001"));
        var admin = await Server.SignInAsync("+79994450001");
        var c = (await admin.Classes.CreateClassAsync(new CreateClassRequest { Kind = ClassKind.Grade, SchoolId = school.School.SchoolId, Name = "9А" })).Class;
        var link = await admin.Invites.CreateInviteAsync(new CreateInviteRequest { SchoolId = school.School.SchoolId, ClassId = c.ClassId, Role = JoinRole.Student, MaxUses = 1, AutoAccept = true });
        var people = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Server.SignInAsync($"+7999446{i:0000}")));

        var outcomes = await Task.WhenAll(people.Select(async p =>
        {
            try
            {
                await p.Invites.FollowInviteAsync(new FollowInviteRequest { Token = link.Token });
                return "admitted";
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                return "refused";
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == "admitted"));
        Assert.Equal(99, outcomes.Count(o => o == "refused"));
        var students = await admin.Members.ListMembersAsync(new ListMembersRequest { SchoolId = school.School.SchoolId, Role = SchoolRole.Student });
        Assert.Single(students.Members);
        var invite = Assert.Single((await admin.Invites.ListInvitesAsync(new ListInvitesRequest { SchoolId = school.School.SchoolId })).Invites);
        Assert.Equal(1, invite.Uses);
    }

    [Fact]
    public async Task DIS_1_an_administrator_of_another_school_gets_not_found_for_its_classes_members_and_links()
    {
        var op = await Server.SignInOperatorAsync();
        var a = await op.District.RegisterSchoolAsync(SchoolRequests.Register("Школа А недели", "+79994470001"));
        await op.District.RegisterSchoolAsync(SchoolRequests.Register("Школа Б недели", "+79994470002"));
        var adminA = await Server.SignInAsync("+79994470001");
        var adminB = await Server.SignInAsync("+79994470002");
        var c = (await adminA.Classes.CreateClassAsync(new CreateClassRequest { Kind = ClassKind.Grade, SchoolId = a.School.SchoolId, Name = "1А" })).Class;

        await RpcAssert.Fails(StatusCode.NotFound, () => adminB.Classes.ListClassesAsync(new ListClassesRequest { SchoolId = a.School.SchoolId }), "SCHOOL_NOT_FOUND", "DIS-1");
        await RpcAssert.Fails(StatusCode.NotFound, () => adminB.Classes.CreateClassAsync(new CreateClassRequest { Kind = ClassKind.Grade, SchoolId = a.School.SchoolId, Name = "1Б" }));
        await RpcAssert.Fails(StatusCode.NotFound, () => adminB.Members.ListMembersAsync(new ListMembersRequest { SchoolId = a.School.SchoolId }));
        await RpcAssert.Fails(StatusCode.NotFound, () => adminB.Invites.CreateInviteAsync(new CreateInviteRequest { SchoolId = a.School.SchoolId, ClassId = c.ClassId, Role = JoinRole.Student }));
        await RpcAssert.Fails(StatusCode.NotFound, () => adminB.Members.ListMovementsAsync(new ListMovementsRequest { SchoolId = a.School.SchoolId }));
        Assert.Equal(2, (await adminA.Classes.ListClassesAsync(new ListClassesRequest { SchoolId = a.School.SchoolId })).Classes.Count);
    }
}
