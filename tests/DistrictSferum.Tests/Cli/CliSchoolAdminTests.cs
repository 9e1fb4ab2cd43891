using System.Text.Json;
using System.Text.RegularExpressions;
using DistrictSferum.Cli;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Tests.Infrastructure;
using static DistrictSferum.Tests.Cli.CliText;

namespace DistrictSferum.Tests.Cli;

/// <summary>
/// A school administrator's day with sferumctl, in-process against a real server on a real PostgreSQL database: classes,
/// invite links, join requests, verification, class teachers and the movement history. Every person has their own
/// config file and answers the login prompt with the code their phone (or their parent's mailbox) received.
/// </summary>
/// <remarks>
/// The server's clock is frozen and allows 5 codes an hour per contact, so each person signs in once per test.
/// </remarks>
public sealed partial class CliSchoolAdminTests(ServerFixture fixture) : CliServerTests(fixture, "sferumctl-admin-")
{
    private const string AdminPhone = "+79993330001";
    private const string TeacherPhone = "+79993330002";

    [Fact]
    public async Task ORG_5_ORG_8_ORG_9_ORG_7_ORG_11_administrator_invites_admits_verifies_and_attaches_a_teacher_with_sferumctl()
    {
        // The operator registers the school; its administrator signs in.
        var op = Cli.Person("operator");
        await op.LoginAsync(ServerHost.OperatorPhone);
        var registered = (await op.RunAsync("--json", "school", "register", "--name", "МБОУ СОШ № 12", "--admin-name", "Орлова Мария Ивановна",
            "--admin-email", "admin12@example.org", "--admin-phone", AdminPhone, "--order-number", "7-к", "--order-date", "2026-08-21")).Ok();
        var school = Json(registered.Out).GetProperty("schoolId").GetString()!;
        var admin = Cli.Person("admin");
        await admin.LoginAsync(AdminPhone);

        // ORG-4: the administrator creates 5А; the table shows it.
        var created = (await admin.RunAsync("class", "create", school, "5а")).Ok();
        Assert.Contains("5А", created.Out, StringComparison.Ordinal);
        Assert.Contains("grade", created.Out, StringComparison.Ordinal);

        // The staff room and 5А, from `class list --json`, with default values present (archived: false, classTeacherIds: []).
        var classes = Json((await admin.RunAsync("--json", "class", "list", school)).Ok().Out).GetProperty("classes").EnumerateArray().ToList();
        var staffRoom = Assert.Single(classes, c => c.GetProperty("kind").GetString() == "CLASS_KIND_STAFF_ROOM");
        var grade5A = Assert.Single(classes, c => c.GetProperty("name").GetString() == "5А");
        Assert.Equal("CLASS_KIND_GRADE", grade5A.GetProperty("kind").GetString());
        Assert.False(grade5A.GetProperty("archived").GetBoolean());
        Assert.Equal(0, grade5A.GetProperty("classTeacherIds").GetArrayLength());
        var staffRoomId = staffRoom.GetProperty("classId").GetString()!;
        var grade5AId = grade5A.GetProperty("classId").GetString()!;
        var classTable = (await admin.RunAsync("class", "list", school)).Ok();
        Assert.Contains("staff room", classTable.Out, StringComparison.Ordinal);
        Assert.Contains("2 class(es).", classTable.Out, StringComparison.Ordinal);

        // ORG-5: a teacher's link to the staff room; the token is printed prominently, once.
        var invite = (await admin.RunAsync("invite", "create", school, staffRoomId, "--role", "teacher", "--days", "3", "--max-uses", "5")).Ok();
        Assert.Contains("shown only once", invite.Out, StringComparison.Ordinal);
        var token = FollowLine().Match(invite.Out).Groups[1].Value;
        Assert.True(token.Length >= 40, invite.Out);
        Assert.Equal(2, Regex.Count(invite.Out, Regex.Escape(token))); // in its box, and in the command to pass on
        // ...and a student's link to 5А that nobody will use.
        var unused = Json((await admin.RunAsync("--json", "invite", "create", school, grade5AId, "--role", "student")).Ok().Out);
        Assert.False(string.IsNullOrEmpty(unused.GetProperty("token").GetString()));
        Assert.False(unused.GetProperty("invite").GetProperty("autoAccept").GetBoolean());

        // ORG-8: the teacher signs in and follows the link: a pending request.
        var teacher = Cli.Person("teacher");
        await teacher.LoginAsync(TeacherPhone);
        var teacherId = teacher.SavedConfig().UserId!;
        var followed = (await teacher.RunAsync("invite", "follow", token)).Ok();
        Assert.Contains("pending", followed.Out, StringComparison.Ordinal);
        Assert.Contains(teacherId, followed.Out, StringComparison.Ordinal);
        Assert.Contains("administrator", followed.Out, StringComparison.Ordinal);

        // The administrator sees the request, as a table and as JSON, and accepts it.
        var requestTable = (await admin.RunAsync("request", "list", school)).Ok();
        Assert.Contains(teacherId, requestTable.Out, StringComparison.Ordinal);
        Assert.Contains("Учительская", requestTable.Out, StringComparison.Ordinal);
        Assert.Contains("1 pending request(s).", requestTable.Out, StringComparison.Ordinal);
        var request = Assert.Single(Json((await admin.RunAsync("request", "list", school, "--json", "--all")).Ok().Out).GetProperty("requests").EnumerateArray());
        Assert.Equal(teacherId, request.GetProperty("userId").GetString());
        Assert.Equal("JOIN_ROLE_TEACHER", request.GetProperty("role").GetString());
        Assert.Equal("JOIN_REQUEST_STATUS_PENDING", request.GetProperty("status").GetString());
        var accepted = (await admin.RunAsync("request", "accept", school, request.GetProperty("requestId").GetString()!)).Ok();
        Assert.Contains("accepted", accepted.Out, StringComparison.Ordinal);
        Assert.Equal(0, Json((await admin.RunAsync("request", "list", school, "--json")).Ok().Out).GetProperty("requests").GetArrayLength());

        // The new teacher is unverified (verifiedTeacher: false is in the JSON), so ORG-9 keeps them from a class.
        var unverified = Assert.Single(Members(await admin.RunAsync("--json", "member", "list", school, "--role", "teacher")), m => m.GetProperty("userId").GetString() == teacherId);
        Assert.False(unverified.GetProperty("verifiedTeacher").GetBoolean());
        var tooEarly = (await admin.RunAsync("class", "attach-teacher", school, grade5AId, teacherId)).Expect(ExitCodes.Conflict);
        Assert.Contains("TEACHER_NOT_VERIFIED", tooEarly.Error, StringComparison.Ordinal);
        Assert.Contains("rule ORG-9", tooEarly.Error, StringComparison.Ordinal);

        // ORG-9: verified, they carry the badge.
        var verified = (await admin.RunAsync("member", "verify", school, teacherId)).Ok();
        Assert.Contains("✓", verified.Out, StringComparison.Ordinal);
        // ...the badge can be withdrawn (and given again); the teacher may not withdraw it themself.
        (await teacher.RunAsync("member", "unverify", school, teacherId)).Expect(ExitCodes.PermissionDenied);
        var withdrawn = Json((await admin.RunAsync("--json", "member", "unverify", school, teacherId)).Ok().Out);
        Assert.False(withdrawn.GetProperty("verifiedTeacher").GetBoolean());
        (await admin.RunAsync("member", "verify", school, teacherId)).Ok();

        // ORG-7: the verified teacher becomes 5А's class teacher.
        var attached = (await admin.RunAsync("class", "attach-teacher", school, grade5AId, teacherId)).Ok();
        Assert.Contains(teacherId, attached.Out, StringComparison.Ordinal);
        var attachedJson = Assert.Single(Json((await admin.RunAsync("--json", "class", "list", school)).Ok().Out).GetProperty("classes").EnumerateArray(),
            c => c.GetProperty("classId").GetString() == grade5AId);
        Assert.Equal([teacherId], attachedJson.GetProperty("classTeacherIds").EnumerateArray().Select(e => e.GetString()));

        // `member list --role teacher` shows the badge and both classes, by name.
        var teachers = (await admin.RunAsync("member", "list", school, "--role", "teacher")).Ok();
        var row = Assert.Single(teachers.Out.Split('\n'), l => l.Contains(teacherId, StringComparison.Ordinal));
        Assert.Contains("✓", row, StringComparison.Ordinal);
        Assert.Contains("teacher", row, StringComparison.Ordinal);
        Assert.Contains("Учительская", row, StringComparison.Ordinal);
        Assert.Contains("5А", row, StringComparison.Ordinal);
        var shown = (await admin.RunAsync("member", "show", school, teacherId)).Ok();
        Assert.Contains("✓ yes", shown.Out, StringComparison.Ordinal);
        Assert.Contains(TeacherPhone, shown.Out, StringComparison.Ordinal);

        // The link list counts the use: 1 of 5; the student link is unused.
        var invites = (await admin.RunAsync("invite", "list", school)).Ok();
        Assert.Contains("1/5", invites.Out, StringComparison.Ordinal);
        Assert.Contains("0/∞", invites.Out, StringComparison.Ordinal);
        Assert.Contains("2 invite link(s).", invites.Out, StringComparison.Ordinal);

        // ORG-11: annulling unused links revokes the student link only; a second run finds none ("annulled": 0 still printed).
        var annulled = (await admin.RunAsync("invite", "annul-unused", school)).Ok();
        Assert.Contains("1 unused invite link(s) annulled.", annulled.Out, StringComparison.Ordinal);
        Assert.Equal(0, Json((await admin.RunAsync("--json", "invite", "annul-unused", school)).Ok().Out).GetProperty("annulled").GetInt32());
        var links = Json((await admin.RunAsync("--json", "invite", "list", school, "--all")).Ok().Out).GetProperty("invites").EnumerateArray().ToList();
        Assert.True(Assert.Single(links, l => l.GetProperty("classId").GetString() == grade5AId).GetProperty("revoked").GetBoolean());
        Assert.False(Assert.Single(links, l => l.GetProperty("classId").GetString() == staffRoomId).GetProperty("revoked").GetBoolean());

        // The history shows the join (MOVEMENT_KIND_JOINED is the enum's zero value: printed only with default values).
        // People by name; by id with --ids.
        Assert.DoesNotContain(teacherId, (await admin.RunAsync("move", "history", school)).Ok().Out, StringComparison.Ordinal);
        var history = (await admin.RunAsync("move", "history", school, "--ids")).Ok();
        var joinRow = Assert.Single(history.Out.Split('\n'), l => l.Contains(teacherId, StringComparison.Ordinal));
        Assert.Contains("joined", joinRow, StringComparison.Ordinal);
        Assert.Contains("Учительская", joinRow, StringComparison.Ordinal);
        var movement = Assert.Single(Json((await admin.RunAsync("--json", "move", "history", school)).Ok().Out).GetProperty("movements").EnumerateArray());
        Assert.Equal("MOVEMENT_KIND_JOINED", movement.GetProperty("kind").GetString());
        Assert.Equal(teacherId, movement.GetProperty("userId").GetString());
        Assert.Equal(staffRoomId, movement.GetProperty("toClassId").GetString());
        Assert.Equal(admin.SavedConfig().UserId, movement.GetProperty("actorId").GetString());

        // The teacher's own whoami lists the school, with default values in the JSON.
        var me = Json((await teacher.RunAsync("--json", "whoami")).Ok().Out);
        Assert.Equal([school], me.GetProperty("schoolIds").EnumerateArray().Select(e => e.GetString()));
        Assert.False(me.GetProperty("districtOperator").GetBoolean());
    }

    [Fact]
    public async Task ORG_4_ORG_6_ORG_10_ORG_15_classes_roles_and_movements_with_sferumctl()
    {
        var op = Cli.Person("operator");
        await op.LoginAsync(ServerHost.OperatorPhone);
        var school = Json((await op.RunAsync("--json", "school", "register", "--name", "Лицей № 3", "--admin-name", "Зайцев Олег Петрович",
            "--admin-email", "admin3@example.org", "--admin-phone", "+79993340001", "--order-number", "3-к", "--order-date", "2026-08-22")).Ok().Out)
            .GetProperty("schoolId").GetString()!;
        var admin = Cli.Person("admin");
        await admin.LoginAsync("+79993340001");

        // ORG-4: grade classes and an additional-education group; a rename; a duplicate name is a conflict.
        var sixth = ClassId(await admin.RunAsync("--json", "class", "create", school, "6Б"));
        var seventh = ClassId(await admin.RunAsync("--json", "class", "create", school, "7А"));
        var robotics = Json((await admin.RunAsync("--json", "class", "create", school, "Робототехника", "--kind", "additional")).Ok().Out);
        Assert.Equal("CLASS_KIND_ADDITIONAL", robotics.GetProperty("kind").GetString());
        Assert.Contains("6В", (await admin.RunAsync("class", "rename", school, sixth, "6В")).Ok().Out, StringComparison.Ordinal);
        var duplicate = (await admin.RunAsync("class", "create", school, "7А")).Expect(ExitCodes.Conflict);
        Assert.Contains("rule ORG-4", duplicate.Error, StringComparison.Ordinal);
        // A create repeated with its --request-id (a script run again) answers the first result instead of a conflict.
        var eighth = ClassId(await admin.RunAsync("--json", "class", "create", school, "8А", "--request-id", "class-8a"));
        Assert.Equal(eighth, ClassId(await admin.RunAsync("--json", "class", "create", school, "8А", "--request-id", "class-8a")));
        (await admin.RunAsync("class", "create", school, "8Б", "--request-id", "not an id")).Expect(ExitCodes.Usage);
        var staffRoom = Json((await admin.RunAsync("--json", "class", "list", school, "--all")).Ok().Out).GetProperty("classes").EnumerateArray()
            .Single(c => c.GetProperty("kind").GetString() == "CLASS_KIND_STAFF_ROOM").GetProperty("classId").GetString()!;

        // An auto-accept link admits the teacher at once.
        var teacher = Cli.Person("teacher");
        await teacher.LoginAsync("+79993340002");
        var teacherId = teacher.SavedConfig().UserId!;
        var joined = (await teacher.RunAsync("invite", "follow", Token(await admin.RunAsync("--json", "invite", "create", school, staffRoom,
            "--role", "teacher", "--auto-accept", "--hours", "4")))).Ok();
        Assert.Contains("accepted", joined.Out, StringComparison.Ordinal);
        Assert.Contains($"You joined school {school} as a teacher.", joined.Out, StringComparison.Ordinal);

        // ORG-15: the director's mark, on and off (only for a verified teacher, ORG-9); ORG-6: an administrator appointed and removed.
        (await admin.RunAsync("member", "verify", school, teacherId)).Ok();
        Assert.Contains("director", (await admin.RunAsync("member", "set-role", school, teacherId, "director")).Ok().Out, StringComparison.Ordinal);
        Assert.Equal(["SCHOOL_ROLE_TEACHER", "SCHOOL_ROLE_DIRECTOR"], Roles(await admin.RunAsync("--json", "member", "show", school, teacherId)));
        Assert.Equal(["SCHOOL_ROLE_TEACHER"], Roles(await admin.RunAsync("--json", "member", "set-role", school, teacherId, "director", "--off")));
        Assert.Contains("SCHOOL_ROLE_ADMINISTRATOR", Roles(await admin.RunAsync("--json", "member", "appoint-admin", school, teacherId)));
        Assert.DoesNotContain("SCHOOL_ROLE_ADMINISTRATOR", Roles(await admin.RunAsync("--json", "member", "remove-admin", school, teacherId)));
        var lastAdmin = (await admin.RunAsync("member", "remove-admin", school, admin.SavedConfig().UserId!)).Expect(ExitCodes.Conflict);
        Assert.Contains("LAST_ADMINISTRATOR", lastAdmin.Error, StringComparison.Ordinal);
        (await admin.RunAsync("class", "detach-teacher", school, seventh, teacherId)).Expect(ExitCodes.NotFound);

        // A student joins 6В; a parent's request for them is rejected.
        var student = Cli.Person("student");
        await student.LoginAsync("+79993340003");
        var studentId = student.SavedConfig().UserId!;
        (await student.RunAsync("invite", "follow", Token(await admin.RunAsync("--json", "invite", "create", school, sixth, "--role", "student", "--auto-accept")))).Ok();
        var parent = Cli.Person("parent");
        await parent.LoginAsync("+79993340004");
        var parentLink = await admin.RunAsync("--json", "invite", "create", school, sixth, "--role", "parent", "--student", studentId, "--max-uses", "1");
        var asked = Json((await parent.RunAsync("--json", "invite", "follow", Token(parentLink))).Ok().Out);
        Assert.Equal("JOIN_REQUEST_STATUS_PENDING", asked.GetProperty("status").GetString());
        Assert.Equal(studentId, asked.GetProperty("studentId").GetString());
        var rejected = (await admin.RunAsync("request", "reject", school, asked.GetProperty("requestId").GetString()!)).Ok();
        Assert.Contains("rejected", rejected.Out, StringComparison.Ordinal);
        Assert.Contains($"parent of {studentId}", rejected.Out, StringComparison.Ordinal);

        // ORG-10: the student moves to 7А; 6В, now empty, is archived and listed only with --archived.
        var moved = (await admin.RunAsync("move", "student", school, studentId, seventh)).Ok();
        Assert.Contains("student moved", moved.Out, StringComparison.Ordinal);
        Assert.Contains($"6В ({sixth})", moved.Out, StringComparison.Ordinal);
        Assert.Contains($"7А ({seventh})", moved.Out, StringComparison.Ordinal);
        Assert.Contains("yes", (await admin.RunAsync("class", "archive", school, sixth)).Ok().Out, StringComparison.Ordinal);
        Assert.DoesNotContain("6В", (await admin.RunAsync("class", "list", school)).Ok().Out, StringComparison.Ordinal);
        Assert.Contains("archived", (await admin.RunAsync("class", "list", school, "--archived")).Ok().Out, StringComparison.Ordinal);

        // ...then leaves, and so does the teacher (ETH-9).
        Assert.Contains("student left", (await admin.RunAsync("move", "student-left", school, studentId)).Ok().Out, StringComparison.Ordinal);
        Assert.Contains("employee left", (await admin.RunAsync("move", "employee-left", school, teacherId)).Ok().Out, StringComparison.Ordinal);

        // The history, a page at a time and with --all.
        var firstPage = (await admin.RunAsync("move", "history", school, "--page-size", "2")).Ok();
        Assert.Contains("2 shown; more with --page-token ", firstPage.Out, StringComparison.Ordinal);
        var all = Json((await admin.RunAsync("--json", "move", "history", school, "--page-size", "2", "--all")).Ok().Out);
        Assert.Equal("", all.GetProperty("nextPageToken").GetString());
        Assert.Equal(
            ["MOVEMENT_KIND_EMPLOYEE_LEFT", "MOVEMENT_KIND_JOINED", "MOVEMENT_KIND_JOINED", "MOVEMENT_KIND_STUDENT_LEFT", "MOVEMENT_KIND_STUDENT_MOVED"],
            all.GetProperty("movements").EnumerateArray().Select(m => m.GetProperty("kind").GetString()).Order(StringComparer.Ordinal));
        var members = Json((await admin.RunAsync("--json", "member", "list", school, "--all")).Ok().Out).GetProperty("members").EnumerateArray();
        Assert.Equal([admin.SavedConfig().UserId], members.Select(m => m.GetProperty("userId").GetString()));
    }

    [Fact]
    public async Task REG_3_a_pupil_signs_in_with_a_parents_email_and_their_own_name()
    {
        var parent = Cli.Person("parent");
        var pupil = Cli.Person("pupil");

        await parent.LoginAsync("petrova@example.org");
        var login = await pupil.LoginAsync("petrova@example.org", "--child-name", "Маша Петрова");

        Assert.Contains("the parent of Маша Петрова", Assert.Single(pupil.Prompts), StringComparison.Ordinal);
        Assert.Contains("Signed in", login.Out, StringComparison.Ordinal);
        Assert.NotEqual(parent.SavedConfig().UserId, pupil.SavedConfig().UserId);
        var me = Json((await pupil.RunAsync("whoami", "--json")).Ok().Out);
        Assert.Equal(pupil.SavedConfig().UserId, me.GetProperty("userId").GetString());
        Assert.Equal(0, me.GetProperty("schoolIds").GetArrayLength());

        // A pupil's sign-in needs the parent's e-mail, not a phone: INVALID_ARGUMENT, exit 2, naming REG-3.
        var byPhone = await Cli.Person("pupil-by-phone").RunAsync("login", "--server", Server.Address, "--contact", "+79993330009",
            "--child-name", "Маша Петрова", "--code", "000000");
        byPhone.Expect(ExitCodes.Usage);
        Assert.Contains("GUARDIAN_EMAIL_REQUIRED", byPhone.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_options_exit_2_before_calling_the_server()
    {
        var nobody = Cli.Person("nobody");

        var kind = (await nobody.RunAsync("class", "create", "s1", "5А", "--kind", "staff-room")).Expect(ExitCodes.Usage);
        var lifetime = (await nobody.RunAsync("invite", "create", "s1", "c1", "--role", "teacher", "--days", "1", "--hours", "2")).Expect(ExitCodes.Usage);
        var role = (await nobody.RunAsync("member", "list", "s1", "--role", "janitor")).Expect(ExitCodes.Usage);
        var mark = (await nobody.RunAsync("member", "set-role", "s1", "u1", "teacher")).Expect(ExitCodes.Usage);
        var page = (await nobody.RunAsync("move", "history", "s1", "--page-size", "0")).Expect(ExitCodes.Usage);

        Assert.Contains("grade|additional", kind.Error, StringComparison.Ordinal);
        Assert.Contains("--days or --hours", lifetime.Error, StringComparison.Ordinal);
        Assert.Contains("janitor", role.Error, StringComparison.Ordinal);
        Assert.Contains("director|deputy", mark.Error, StringComparison.Ordinal);
        Assert.Contains("--page-size", page.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(nobody.ConfigPath));
    }

    [Theory]
    [InlineData("-z1NgeHKCQIcBkvZArD_PnlSg7EqFHyifYPucZ-qXhU")]
    [InlineData("--abc")]
    [InlineData("-h1")]
    public async Task Invite_follow_takes_a_token_that_begins_with_a_dash(string token)
    {
        var nobody = Cli.Person("nobody");

        // Parsed as the token, the command gets as far as asking for a login (exit 3), not a usage error (exit 2).
        var plain = (await nobody.RunAsync("invite", "follow", token, "--server", "http://127.0.0.1:1")).Expect(ExitCodes.Unauthenticated);
        var separated = (await nobody.RunAsync("--json", "invite", "follow", "--", token)).Expect(ExitCodes.Unauthenticated);

        Assert.Contains("not signed in", plain.Error, StringComparison.Ordinal);
        Assert.Contains("not signed in", separated.Error, StringComparison.Ordinal);
        Assert.Equal(["invite", "follow", " " + token, "--json", "--server", "U"],
            CommandLine.Prepare(["invite", "follow", token, "--json", "--server", "U"]));
        Assert.Equal(["invite", "follow", " " + token, " --json"], CommandLine.Prepare(["invite", "follow", "--", token, "--json"]));
        // Where an id is missing, a dashed word is a mistyped option, not an id.
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => CommandLine.Prepare(["invite", "list", "-x"])).ExitCode);
    }

    [Fact]
    public async Task Help_shows_the_school_administrators_commands_paging_and_the_childs_name_at_login()
    {
        var nobody = Cli.Person("nobody");

        var help = (await nobody.RunAsync("--help")).Ok();
        foreach (var group in new[] { "class", "invite", "request", "member", "move" })
            Assert.Matches($@"(?m)^\s+{group}\s", help.Out);
        Assert.Contains("sferumctl invite create SCHOOL_ID CLASS_ID --role teacher", help.Out, StringComparison.Ordinal);
        Assert.Contains("--child-name", (await nobody.RunAsync("login", "--help")).Ok().Out, StringComparison.Ordinal);
        foreach (var list in new[] { "class list", "invite list", "request list", "member list", "move history" })
        {
            var listHelp = (await nobody.RunAsync([.. list.Split(' '), "--help"])).Ok();
            Assert.Contains("--page-size", listHelp.Out, StringComparison.Ordinal);
            Assert.Contains("--page-token", listHelp.Out, StringComparison.Ordinal);
            Assert.Contains("--all", listHelp.Out, StringComparison.Ordinal);
            Assert.Contains("--json", listHelp.Out, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(nobody.ConfigPath));
    }

    [GeneratedRegex(@"sferumctl invite follow (\S+)")]
    private static partial Regex FollowLine();

    private static string ClassId(CliResult created) => created.Ok().Json().GetProperty("classId").GetString()!;

    private static string Token(CliResult created) => created.Ok().Json().GetProperty("token").GetString()!;

    private static List<string?> Roles(CliResult member) =>
        member.Ok().Json().GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToList();

    private static IEnumerable<JsonElement> Members(CliResult result) => result.Ok().Json().GetProperty("members").EnumerateArray();
}
