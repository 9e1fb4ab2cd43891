using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.EndToEnd;
using Grpc.Core;

namespace DistrictSferum.Tests.Infrastructure;

/// <summary>
/// A school built through gRPC the way people build it: a registered school, a class with a verified class
/// teacher, students and parents admitted through links. Each scenario uses its own phone-number block.
/// </summary>
public sealed class SchoolScenario
{
    private static int blocks;
    private readonly Func<string, Task<Session>> signIn;
    private readonly Func<Task<Session>> signInOperator;
    private readonly int block;
    private int nextPerson;

    private SchoolScenario(Func<string, Task<Session>> signIn, Func<Task<Session>> signInOperator)
    {
        this.signIn = signIn;
        this.signInOperator = signInOperator;
        block = Interlocked.Increment(ref blocks);
    }

    public string SchoolId { get; private set; } = "";
    public Session Admin { get; private set; } = null!;
    public Session Teacher { get; private set; } = null!;
    public string ClassId { get; private set; } = "";
    public string StaffRoomId { get; private set; } = "";
    public List<Session> Students { get; } = [];
    public List<Session> Parents { get; } = [];

    public static Task<SchoolScenario> CreateAsync(ServerHost server, int students = 3, int parents = 0) =>
        CreateAsync(contact => server.SignInAsync(contact), server.SignInOperatorAsync, students, parents);

    /// <summary>A school built through <paramref name="channel"/> to a server process, its operator signed in once.</summary>
    public static Task<SchoolScenario> CreateAsync(ServerProcess server, Grpc.Net.Client.GrpcChannel channel, int students = 3, int parents = 0)
    {
        Session? op = null;
        return CreateAsync(contact => server.SignInAsync(channel, contact),
            async () => op ??= await server.SignInAsync(channel, ServerHost.OperatorPhone), students, parents);
    }

    public static async Task<SchoolScenario> CreateAsync(
        Func<string, Task<Session>> signIn, Func<Task<Session>> signInOperator, int students = 3, int parents = 0)
    {
        var s = new SchoolScenario(signIn, signInOperator);
        await s.BuildAsync(students, parents);
        return s;
    }

    public string NextPhone() => $"+7955{block:000}{Interlocked.Increment(ref nextPerson):0000}";

    private async Task BuildAsync(int students, int parents)
    {
        var op = await signInOperator();
        var adminPhone = NextPhone();
        SchoolId = await RegisterAsync(op, SchoolRequests.Register($"Школа сценария {block}", adminPhone));
        Admin = await signIn(adminPhone);
        var classes = await Admin.Classes.ListClassesAsync(new ListClassesRequest { SchoolId = SchoolId });
        StaffRoomId = classes.Classes.Single(c => c.Kind == ClassKind.StaffRoom).ClassId;
        ClassId = (await Admin.Classes.CreateClassAsync(new CreateClassRequest { Kind = ClassKind.Grade, SchoolId = SchoolId, Name = "6А" })).Class.ClassId;
        Teacher = await AddTeacherAsync();
        await Admin.Classes.AttachClassTeacherAsync(new AttachClassTeacherRequest { SchoolId = SchoolId, ClassId = ClassId, TeacherId = Teacher.UserId });
        for (var i = 0; i < students; i++) Students.Add(await AddStudentAsync(ClassId));
        for (var i = 0; i < parents && i < Students.Count; i++) Parents.Add(await AddParentAsync(Students[i]));
    }

    /// <summary>
    /// Registers as a client must on a cluster that is still forming: UNAVAILABLE is retried, and a retry that finds the
    /// school registered (the first attempt's answer was lost) takes that school.
    /// </summary>
    private static async Task<string> RegisterAsync(Session op, RegisterSchoolRequest request)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await op.District.RegisterSchoolAsync(request)).School.SchoolId;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && attempt < 6)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists && attempt > 1)
            {
                var schools = await op.District.ListSchoolsAsync(new ListSchoolsRequest { PageSize = 500 });
                return schools.Schools.Single(s => s.Name == request.Info.Name).SchoolId;
            }
        }
    }

    /// <summary>A teacher who joins through a link of the staff room, or of <paramref name="classId"/> (placed in that class too).</summary>
    public async Task<Session> AddTeacherAsync(bool verified = true, string? classId = null)
    {
        var teacher = await signIn(NextPhone());
        await JoinAsync(teacher, classId ?? StaffRoomId, JoinRole.Teacher);
        if (verified) await Admin.Members.VerifyTeacherAsync(new VerifyTeacherRequest { SchoolId = SchoolId, UserId = teacher.UserId });
        return teacher;
    }

    /// <summary>Someone already signed in (a teacher of another school) joins this school's staff, verified.</summary>
    public async Task AdmitTeacherAsync(Session teacher)
    {
        await JoinAsync(teacher, StaffRoomId, JoinRole.Teacher);
        await Admin.Members.VerifyTeacherAsync(new VerifyTeacherRequest { SchoolId = SchoolId, UserId = teacher.UserId });
    }

    public async Task<Session> AddStudentAsync(string classId)
    {
        var student = await signIn(NextPhone());
        await JoinAsync(student, classId, JoinRole.Student);
        return student;
    }

    public async Task<Session> AddParentAsync(Session child)
    {
        var parent = await signIn(NextPhone());
        await JoinAsync(parent, ClassId, JoinRole.Parent, child.UserId);
        return parent;
    }

    private async Task JoinAsync(Session person, string classId, JoinRole role, string studentId = "")
    {
        var link = await Admin.Invites.CreateInviteAsync(new CreateInviteRequest
        {
            SchoolId = SchoolId,
            ClassId = classId,
            Role = role,
            AutoAccept = true,
            MaxUses = 1,
            StudentId = studentId,
        });
        await person.Invites.FollowInviteAsync(new FollowInviteRequest { Token = link.Token });
    }

    /// <summary>A chat created by <paramref name="creator"/> and joined through a link by <paramref name="joiners"/>, each accepting its rules.</summary>
    public async Task<Chat> ChatAsync(Session creator, ChatKind kind, IEnumerable<Session> joiners, string title = "Чат класса")
    {
        var chat = (await creator.Chats.CreateChatAsync(new CreateChatRequest
        {
            SchoolId = SchoolId,
            Kind = kind,
            Title = title,
            ClassId = ClassId,
            Subject = kind == ChatKind.Subject ? "Математика" : "",
            RuleClauses = { "Уважайте друг друга.", "Только по делу.", "Без рекламы." },
        })).Chat;
        var link = await creator.Chats.CreateChatLinkAsync(new CreateChatLinkRequest { ChatId = chat.ChatId });
        foreach (var joiner in joiners)
            await joiner.Chats.JoinChatAsync(new JoinChatRequest { LinkToken = link.Token, AcceptedRulesVersion = chat.Rules.Version });
        return (await creator.Chats.GetChatAsync(new GetChatRequest { ChatId = chat.ChatId })).Chat;
    }
}
