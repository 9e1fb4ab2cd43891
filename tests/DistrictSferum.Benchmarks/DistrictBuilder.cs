using System.Diagnostics;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace DistrictSferum.Benchmarks;

/// <summary>A chat of the district and who is in it.</summary>
public sealed class ChatInfo(string chatId, string kind, Person moderator)
{
    public string ChatId { get; } = chatId;

    public string Kind { get; } = kind;

    public Person Moderator { get; } = moderator;

    public List<Person> Members { get; } = [];

    public List<Person> Online { get; } = [];
}

/// <summary>The district as built: its people and chats.</summary>
public sealed class District
{
    public List<Person> People { get; } = [];

    /// <summary>The district operator, signed in.</summary>
    public Person Operator { get; set; } = null!;

    public List<string> SchoolIds { get; } = [];

    public List<ChatInfo> StudentChats { get; } = [];

    public List<ChatInfo> ParentChats { get; } = [];

    public List<ChatInfo> ExtraChats { get; } = [];

    public IEnumerable<ChatInfo> ClassChats => StudentChats.Concat(ParentChats);

    public IEnumerable<ChatInfo> AllChats => ClassChats.Concat(ExtraChats);

    public List<Person> OnlinePeople => People.Where(p => p.Online).ToList();

    public int SchoolCount { get; set; }

    public int ClassCount { get; set; }

    public long Rpcs;

    public TimeSpan Elapsed { get; set; }

    public TimeSpan SignInElapsed { get; set; }

    public string Summary() =>
        Fmt.Inv($"{SchoolCount} schools, {ClassCount} classes, {People.Count:#,0} accounts signed in with one-time codes, ") +
        Fmt.Inv($"{StudentChats.Count} students' chats ({StudentChats.Average(c => c.Members.Count):0.#} members, {StudentChats.Average(c => c.Online.Count):0.#} online), ") +
        Fmt.Inv($"{ParentChats.Count} parents' chats ({(ParentChats.Count == 0 ? 0 : ParentChats.Average(c => c.Members.Count)):0.#} members, all online), ") +
        Fmt.Inv($"{ExtraChats.Count:#,0} small chats; built with {Rpcs:#,0} gRPC calls in {Elapsed.TotalSeconds:0.0} s ") +
        Fmt.Inv($"({People.Count / Math.Max(0.001, Elapsed.TotalSeconds):0} accounts/s end to end)");
}

/// <summary>
/// Builds a district through the public API as its people would: the operator registers schools; administrators
/// bring in teachers, verify them, create classes and attach class teachers; class teachers create invite links
/// that students and parents follow; class teachers create the class chats and a chat link that everyone joins,
/// accepting the rules' current version. Every person signs in once with a code from the codes file.
/// </summary>
public sealed class DistrictBuilder(BenchOptions options, ClientPool clients, CodeBook codes, Action<string> progress)
{
    private const string Letters = "АБВГДЕЖИКЛМНПРСТ";
    private static readonly string[] RuleClauses = ["Уважайте друг друга.", "Только по делу.", "Без рекламы и пересылок."];
    private readonly SemaphoreSlim gate = new(options.SetupParallelism, options.SetupParallelism);
    private readonly District district = new();
    private int nextPhone;
    private int nextSlot;

    public async Task<District> BuildAsync()
    {
        var watch = Stopwatch.StartNew();
        var op = new Person(ServerControl.OperatorPhone, "operator", NextSlot());
        await SignInAsync(op);
        district.Operator = op;
        district.SchoolCount = options.Schools;
        district.ClassCount = options.Classes;
        var perSchool = Enumerable.Range(0, options.Schools)
            .Select(s => options.Classes / options.Schools + (s < options.Classes % options.Schools ? 1 : 0)).ToArray();
        var parentClassesLeft = options.ParentClasses;
        var parentPlan = new int[options.Schools];
        for (var s = 0; parentClassesLeft > 0; s = (s + 1) % options.Schools)
        {
            if (parentPlan[s] < perSchool[s])
            {
                parentPlan[s]++;
                parentClassesLeft--;
            }
        }

        await Task.WhenAll(Enumerable.Range(0, options.Schools).Select(s => BuildSchoolAsync(op, s, perSchool[s], parentPlan[s])));
        district.SignInElapsed = watch.Elapsed;

        // Small chats for the memory measurement: each class teacher starts a few (kind Other; only the creator is in).
        var teachers = district.StudentChats.Select(c => c.Moderator).ToList();
        await Task.WhenAll(Enumerable.Range(0, options.ExtraChats).Select(async i =>
        {
            var teacher = teachers[i % teachers.Count];
            var schoolId = teacherSchools[teacher];
            var chat = (await Gated(() => Rpc(clients.Chats(teacher).CreateChatAsync(new CreateChatRequest
            {
                SchoolId = schoolId,
                Kind = ChatKind.Other,
                Title = $"Кружок {i + 1}",
                RuleClauses = { RuleClauses },
            }, teacher.Call())))).Chat;
            var info = new ChatInfo(chat.ChatId, "other", teacher);
            info.Members.Add(teacher);
            lock (district)
            {
                district.ExtraChats.Add(info);
                teacher.ChatIds.Add(chat.ChatId);
            }
        }));

        district.Elapsed = watch.Elapsed;
        return district;
    }

    private readonly Dictionary<Person, string> teacherSchools = [];

    private async Task BuildSchoolAsync(Person op, int s, int classCount, int parentClasses)
    {
        var adminPhone = NextPhone();
        var school = await RegisterSchoolAsync(op, s, adminPhone);
        lock (district) district.SchoolIds.Add(school);
        var admin = new Person(adminPhone, "admin", NextSlot());
        await SignInAsync(admin);
        var staffRoom = (await Rpc(clients.Classes(admin).ListClassesAsync(new ListClassesRequest { SchoolId = school }, admin.Call())))
            .Classes.Single(c => c.Kind == ClassKind.StaffRoom).ClassId;
        // A link that admits a teacher without review admits one teacher (issue 8): one per class teacher.
        var teacherLinks = new List<string>();
        for (var k = 0; k < classCount; k++)
        {
            teacherLinks.Add((await Rpc(clients.Invites(admin).CreateInviteAsync(new CreateInviteRequest
            {
                SchoolId = school,
                ClassId = staffRoom,
                Role = JoinRole.Teacher,
                MaxUses = 1,
                AutoAccept = true,
                Lifetime = Duration.FromTimeSpan(TimeSpan.FromDays(7)),
            }, admin.Call()))).Token);
        }

        await Task.WhenAll(Enumerable.Range(0, classCount).Select(k => BuildClassAsync(admin, school, teacherLinks[k], k, k < parentClasses)));
        progress(Fmt.Inv($"school {s + 1}: {classCount} classes ready"));
    }

    public async Task<string> RegisterSchoolAsync(Person op, int s, string adminPhone)
    {
        var request = new RegisterSchoolRequest
        {
            Info = new SchoolInfo
            {
                Name = $"Школа № {s + 1} (нагрузочный тест)",
                ShortName = $"Школа {s + 1}",
                Address = "г. Тверь, ул. Советская, 10",
                TimeZone = "Europe/Moscow",
                JournalUrl = "https://dnevnik.example.org/",
            },
            AdminFullName = "Смирнова Анна Сергеевна",
            AdminEmail = $"admin{s + 1}@school{s + 1}.example.org",
            AdminPhone = adminPhone,
            OrderNumber = $"{s + 1}-к",
            OrderDate = "2026-08-20",
        };
        // The operator is bootstrapped just after the server is ready: wait for it.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return (await Rpc(clients.District(op).RegisterSchoolAsync(request, op.Call()))).School.SchoolId;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied && attempt < 300)
            {
                await Task.Delay(100);
            }
        }
    }

    private async Task BuildClassAsync(Person admin, string school, string teacherToken, int k, bool withParents)
    {
        var name = $"{k % 11 + 1}{Letters[k / 11 % Letters.Length]}";
        var teacher = await Gated(async () =>
        {
            var t = new Person(NextPhone(), "teacher", NextSlot());
            await SignInAsync(t);
            await Rpc(clients.Invites(t).FollowInviteAsync(new FollowInviteRequest { Token = teacherToken }, t.Call()));
            return t;
        });
        await Rpc(clients.Members(admin).VerifyTeacherAsync(new VerifyTeacherRequest { SchoolId = school, UserId = teacher.UserId }, admin.Call()));
        var classId = (await Rpc(clients.Classes(admin).CreateClassAsync(new CreateClassRequest { Kind = ClassKind.Grade, SchoolId = school, Name = name }, admin.Call()))).Class.ClassId;
        await Rpc(clients.Classes(admin).AttachClassTeacherAsync(new AttachClassTeacherRequest { SchoolId = school, ClassId = classId, TeacherId = teacher.UserId }, admin.Call()));
        lock (teacherSchools) teacherSchools[teacher] = school;
        lock (district) district.People.Add(teacher);

        // The class teacher registers the students with one auto-accept link (REG-2).
        var studentLink = await Rpc(clients.Invites(teacher).CreateInviteAsync(new CreateInviteRequest
        {
            SchoolId = school,
            ClassId = classId,
            Role = JoinRole.Student,
            AutoAccept = true,
            MaxUses = options.StudentsPerClass,
        }, teacher.Call()));
        var students = await Task.WhenAll(Enumerable.Range(0, options.StudentsPerClass).Select(_ => Gated(async () =>
        {
            var st = new Person(NextPhone(), "student", NextSlot());
            await SignInAsync(st);
            await Rpc(clients.Invites(st).FollowInviteAsync(new FollowInviteRequest { Token = studentLink.Token }, st.Call()));
            return st;
        })));
        lock (district) district.People.AddRange(students);

        var studentsChat = await ChatAsync(school, classId, teacher, ChatKind.ClassStudents, $"Ученики {name}", students);
        studentsChat.Online.Add(teacher);
        studentsChat.Online.AddRange(students.Take(options.OnlinePerChat - 1));
        foreach (var p in studentsChat.Online) p.Online = true;
        lock (district) district.StudentChats.Add(studentsChat);

        if (withParents)
        {
            // Parents through links bound to their children (REG-4): two each, a few grandparents to make ~60.
            var thirds = Math.Clamp(59 - 2 * students.Length, 0, students.Length);
            var parents = (await Task.WhenAll(students.Select(async (child, i) =>
            {
                var guardians = i < thirds ? 3 : 2;
                var link = await Rpc(clients.Invites(teacher).CreateInviteAsync(new CreateInviteRequest
                {
                    SchoolId = school,
                    ClassId = classId,
                    Role = JoinRole.Parent,
                    StudentId = child.UserId,
                    AutoAccept = true,
                    MaxUses = guardians,
                }, teacher.Call()));
                return await Task.WhenAll(Enumerable.Range(0, guardians).Select(_ => Gated(async () =>
                {
                    var parent = new Person(NextPhone(), "parent", NextSlot());
                    await SignInAsync(parent);
                    await Rpc(clients.Invites(parent).FollowInviteAsync(new FollowInviteRequest { Token = link.Token }, parent.Call()));
                    return parent;
                })));
            }))).SelectMany(p => p).ToList();
            lock (district) district.People.AddRange(parents);
            var parentsChat = await ChatAsync(school, classId, teacher, ChatKind.ClassParents, $"Родители {name}", parents);
            parentsChat.Online.AddRange(parentsChat.Members);
            foreach (var p in parentsChat.Online) p.Online = true;
            lock (district) district.ParentChats.Add(parentsChat);
        }
    }

    /// <summary>The class teacher creates the chat and a chat link (CHAT-3); each joiner joins by their own act, accepting the rules (ETH-4).</summary>
    private async Task<ChatInfo> ChatAsync(string school, string classId, Person teacher, ChatKind kind, string title, IReadOnlyList<Person> joiners)
    {
        var chat = (await Rpc(clients.Chats(teacher).CreateChatAsync(new CreateChatRequest
        {
            SchoolId = school,
            Kind = kind,
            Title = title,
            ClassId = classId,
            RuleClauses = { RuleClauses },
        }, teacher.Call()))).Chat;
        var link = await Rpc(clients.Chats(teacher).CreateChatLinkAsync(new CreateChatLinkRequest { ChatId = chat.ChatId }, teacher.Call()));
        var info = new ChatInfo(chat.ChatId, kind == ChatKind.ClassParents ? "parents" : "students", teacher);
        info.Members.Add(teacher);
        lock (district) teacher.ChatIds.Add(chat.ChatId);
        await Task.WhenAll(joiners.Select(p => Gated(async () =>
        {
            var preview = (await Rpc(clients.Chats(p).GetChatAsync(new GetChatRequest { LinkToken = link.Token }, p.Call()))).Chat;
            await Rpc(clients.Chats(p).JoinChatAsync(new JoinChatRequest { LinkToken = link.Token, AcceptedRulesVersion = preview.Rules.Version }, p.Call()));
            lock (district) p.ChatIds.Add(chat.ChatId);
            return p;
        })));
        info.Members.AddRange(joiners);
        return info;
    }

    private static readonly string[] FirstNames = ["Анна", "Иван", "Мария", "Пётр", "Елена", "Сергей", "Ольга", "Дмитрий", "Наталья", "Алексей", "Татьяна", "Михаил"];
    private static readonly string[] LastNames = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Лебедев"];

    /// <summary>Signs in with a one-time code read from the codes file, giving the name others will see (first sign-in).</summary>
    public async Task SignInAsync(Person p)
    {
        var auth = clients.Auth(p.Slot);
        await Rpc(auth.RequestCodeAsync(new RequestCodeRequest { Contact = p.Contact }));
        var code = await codes.CodeForAsync(p.Contact, TimeSpan.FromSeconds(30));
        var name = p.Role == "operator" ? "" : $"{FirstNames[p.Slot % FirstNames.Length]} {LastNames[p.Slot / FirstNames.Length % LastNames.Length]}";
        p.SignedIn((await Rpc(auth.SignInAsync(new SignInRequest { Contact = p.Contact, Code = code, DisplayName = name }))).Tokens);
    }

    private async Task<T> Gated<T>(Func<Task<T>> work)
    {
        await gate.WaitAsync();
        try
        {
            return await work();
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<T> Rpc<T>(AsyncUnaryCall<T> call)
    {
        Interlocked.Increment(ref district.Rpcs);
        using (call) return await call.ResponseAsync;
    }

    public string NextPhone() => Fmt.Inv($"+79{Interlocked.Increment(ref nextPhone):000000000}");

    public int NextSlot() => Interlocked.Increment(ref nextSlot);
}
