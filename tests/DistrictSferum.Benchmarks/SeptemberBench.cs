using System.Diagnostics;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;

namespace DistrictSferum.Benchmarks;

/// <summary>
/// Issue 15's September 1st (<c>bench.sh --september</c>): one real-sized school (2,500 students, 4,000 parents,
/// 200 staff in 100 classes; <c>--quick</c>: a fifth) whose people, all signed in beforehand, follow their links at
/// once: staff and students first, then parents through links naming their children (REG-4). Reported: joins
/// accepted per second and their latency, the bytes of state PostgreSQL stored per join (every row write of grain
/// state, directory and class tables, counted by a trigger installed in the benchmark's private database only), and
/// the ListMembers page latency of the full school.
/// </summary>
public sealed class SeptemberBench(BenchOptions options)
{
    private const string Letters = "АБВГДЕЖИКЛМНПРСТ";

    public async Task<string> RunAsync()
    {
        var classes = options.Quick ? 20 : 100;
        const int studentsPerClass = 25;
        await using var pg = new PgControl(options.Connection);
        await using var server = new ServerControl(options);
        await server.StartAsync();
        await StateWriteCounter.InstallAsync(pg);
        var codes = new CodeBook(server.CodesFile);
        var clients = new ClientPool(server.Address, options.Channels);
        var builder = new DistrictBuilder(options, clients, codes, Progress);
        var setup = Stopwatch.StartNew();

        var op = new Person(ServerControl.OperatorPhone, "operator", builder.NextSlot());
        await builder.SignInAsync(op);
        var adminPhone = builder.NextPhone();
        var school = await builder.RegisterSchoolAsync(op, 0, adminPhone);
        var admin = new Person(adminPhone, "admin", builder.NextSlot());
        await builder.SignInAsync(admin);
        var staffRoom = (await clients.Classes(admin).ListClassesAsync(new ListClassesRequest { SchoolId = school }, admin.Call()))
            .Classes.Single(c => c.Kind == ClassKind.StaffRoom).ClassId;

        var classIds = new List<string>();
        for (var k = 0; k < classes; k++)
        {
            var name = $"{k % 11 + 1}{Letters[k / 11 % Letters.Length]}";
            classIds.Add((await clients.Classes(admin).CreateClassAsync(
                new CreateClassRequest { SchoolId = school, Kind = ClassKind.Grade, Name = name }, admin.Call())).Class.ClassId);
        }

        // The morning's first wave: two staff per class (single-use teacher links, issue 8) and every student
        // through their class's link.
        var firstWave = new List<(Person Person, string Token)>();
        for (var i = 0; i < 2 * classes; i++)
        {
            var link = await clients.Invites(admin).CreateInviteAsync(new CreateInviteRequest
            {
                SchoolId = school,
                ClassId = staffRoom,
                Role = JoinRole.Teacher,
                MaxUses = 1,
                AutoAccept = true,
                Lifetime = Duration.FromTimeSpan(TimeSpan.FromDays(7)),
            }, admin.Call());
            firstWave.Add((new Person(builder.NextPhone(), "teacher", builder.NextSlot()), link.Token));
        }

        var studentsOf = new Dictionary<string, List<Person>>();
        foreach (var classId in classIds)
        {
            var link = await clients.Invites(admin).CreateInviteAsync(new CreateInviteRequest
            {
                SchoolId = school,
                ClassId = classId,
                Role = JoinRole.Student,
                MaxUses = studentsPerClass,
                AutoAccept = true,
            }, admin.Call());
            var students = Enumerable.Range(0, studentsPerClass).Select(_ => new Person(builder.NextPhone(), "student", builder.NextSlot())).ToList();
            studentsOf[classId] = students;
            firstWave.AddRange(students.Select(s => (s, link.Token)));
        }

        Progress(Fmt.Inv($"school, {classes} classes and {firstWave.Count:#,0} links' holders ready; signing them in"));
        await ForEachAsync(firstWave, options.SetupParallelism, w => builder.SignInAsync(w.Person));
        var staffAndStudents = await StormAsync(clients, firstWave, pg, "staff and students");

        // The second wave: parents, two for 3 of 5 children and one for the rest (40 per class), each through a
        // link naming their child.
        var secondWave = new List<(Person Person, string Token)>();
        foreach (var (classId, students) in studentsOf)
        {
            for (var i = 0; i < students.Count; i++)
            {
                var guardians = i % 5 < 3 ? 2 : 1;
                var link = await clients.Invites(admin).CreateInviteAsync(new CreateInviteRequest
                {
                    SchoolId = school,
                    ClassId = classId,
                    Role = JoinRole.Parent,
                    StudentId = students[i].UserId,
                    MaxUses = guardians,
                    AutoAccept = true,
                }, admin.Call());
                secondWave.AddRange(Enumerable.Range(0, guardians).Select(_ => (new Person(builder.NextPhone(), "parent", builder.NextSlot()), link.Token)));
            }
        }

        await ForEachAsync(secondWave, options.SetupParallelism, w => builder.SignInAsync(w.Person));
        var parents = await StormAsync(clients, secondWave, pg, "parents");
        setup.Stop();

        var members = 1 + firstWave.Count + secondWave.Count;
        var teacher = firstWave[0].Person;
        var adminPages = await PagesAsync(clients, admin, school, null, "administrator, whole school");
        var teacherPages = await PagesAsync(clients, teacher, school, classIds[0], "teacher, one class");
        var largest = await StateWriteCounter.LargestGrainStateAsync(pg);

        var all = new[] { staffAndStudents, parents };
        var joins = all.Sum(s => s.Joins);
        var seconds = all.Sum(s => s.Seconds);
        return string.Join('\n', [
            "# September 1st (issue 15)",
            "",
            Fmt.Inv($"One school of {members:#,0} members: {classes} grade classes of {studentsPerClass} students, {secondWave.Count:#,0} parents, {2 * classes} staff and its administrator; everyone signed in before the morning; {options.Concurrency} joins outstanding at a time."),
            "",
            "| Wave | Joins | Joins/s | Join p50 | Join p99 | State bytes per join (all tables) | Grain-state bytes per join | Errors |",
            "|---|---|---|---|---|---|---|---|",
            .. all.Select(s => s.Row()),
            Fmt.Inv($"| **whole morning** | {joins:#,0} | **{joins / seconds:#,0}** | | | **{Fmt.Kib(all.Sum(s => s.StateBytes) / (double)joins)}** | {Fmt.Kib(all.Sum(s => s.GrainStateBytes) / (double)joins)} | {all.Sum(s => s.Errors)} |"),
            "",
            "| ListMembers, 50 per page, 8 outstanding | Pages | p50 | p99 |",
            "|---|---|---|---|",
            adminPages.Row(),
            teacherPages.Row(),
            "",
            Fmt.Inv($"Largest grain state at the end: {Fmt.Kib(largest.Bytes)} ({largest.GrainType}). Whole run including sign-ins and link creation: {setup.Elapsed.TotalSeconds:0} s."),
            "",
            $"Options: {options.Describe()}",
        ]);
    }

    private async Task<StormResult> StormAsync(ClientPool clients, List<(Person Person, string Token)> wave, PgControl pg, string name)
    {
        var before = await StateWriteCounter.ReadAsync(pg);
        var latency = new Hist();
        var errors = 0;
        var watch = Stopwatch.StartNew();
        await ForEachAsync(wave, options.Concurrency, async w =>
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                var followed = await clients.Invites(w.Person).FollowInviteAsync(new FollowInviteRequest { Token = w.Token }, w.Person.Call());
                if (followed.Request.Status != JoinRequestStatus.Accepted) Interlocked.Increment(ref errors);
            }
            catch (Grpc.Core.RpcException e)
            {
                if (Interlocked.Increment(ref errors) <= 3) Progress($"{name}: join failed: {e.Status}");
            }

            latency.RecordTicks(Stopwatch.GetTimestamp() - start);
        });
        watch.Stop();
        var after = await StateWriteCounter.ReadAsync(pg);
        var result = new StormResult(name, wave.Count, watch.Elapsed.TotalSeconds, latency, errors,
            after.AllBytes - before.AllBytes, after.GrainStateBytes - before.GrainStateBytes);
        Progress(result.Row());
        return result;
    }

    private async Task<PageResult> PagesAsync(ClientPool clients, Person viewer, string school, string? classId, string name)
    {
        var latency = new Hist();
        var pages = 0;
        var rounds = options.Quick ? 3 : 6;
        await ForEachAsync(Enumerable.Range(0, 8 * rounds).ToList(), 8, async _ =>
        {
            var token = "";
            do
            {
                var start = Stopwatch.GetTimestamp();
                var page = await clients.Members(viewer).ListMembersAsync(new ListMembersRequest
                {
                    SchoolId = school,
                    ClassId = classId ?? "",
                    PageSize = 50,
                    PageToken = token,
                }, viewer.Call());
                latency.RecordTicks(Stopwatch.GetTimestamp() - start);
                Interlocked.Increment(ref pages);
                token = page.NextPageToken;
            } while (token.Length > 0);
        });
        var result = new PageResult(name, pages, latency);
        Progress(result.Row());
        return result;
    }

    private static Task ForEachAsync<T>(IReadOnlyList<T> items, int parallelism, Func<T, Task> work) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (item, _) => await work(item));

    private static void Progress(string line) => Console.Error.WriteLine("bench: " + line);

    private sealed record StormResult(string Name, int Joins, double Seconds, Hist Latency, int Errors, long StateBytes, long GrainStateBytes)
    {
        public string Row() => Fmt.Inv(
            $"| {Name} | {Joins:#,0} | {Joins / Seconds:#,0} | {Fmt.Ms(Latency.P(50))} | {Fmt.Ms(Latency.P(99))} | {Fmt.Kib(StateBytes / (double)Joins)} | {Fmt.Kib(GrainStateBytes / (double)Joins)} | {Errors} |");
    }

    private sealed record PageResult(string Name, int Pages, Hist Latency)
    {
        public string Row() => Fmt.Inv($"| {Name} | {Pages:#,0} | {Fmt.Ms(Latency.P(50))} | {Fmt.Ms(Latency.P(99))} |");
    }
}

/// <summary>
/// Counts the bytes of every row PostgreSQL stores in the tables that hold state (grain state, and any table named
/// in <see cref="StateTables"/> that exists), through a trigger that appends one row per write to a log table: no
/// shared counter row, so it serialises nothing. Installed only in the benchmark's private database.
/// </summary>
public static class StateWriteCounter
{
    private static readonly string[] StateTables = ["orleans_grain_state", "school_state", "school_members", "school_invites", "school_join_requests", "school_outbox", "school_class_state"];

    public static async Task InstallAsync(PgControl pg)
    {
        // The server migrates the schema as it starts; the tables exist once it answers.
        await pg.RunAsync("""
            CREATE TABLE IF NOT EXISTS bench_state_writes (tbl text NOT NULL, bytes int NOT NULL);
            CREATE OR REPLACE FUNCTION bench_count_state_write() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO bench_state_writes (tbl, bytes) VALUES (TG_TABLE_NAME, pg_column_size(NEW));
                RETURN NEW;
            END $$;
            SELECT 1
            """, _ => 0);
        foreach (var table in StateTables)
        {
            await pg.RunAsync($"""
                DO $$ BEGIN
                  IF to_regclass('{table}') IS NOT NULL THEN
                    DROP TRIGGER IF EXISTS bench_count_state_write ON {table};
                    CREATE TRIGGER bench_count_state_write AFTER INSERT OR UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION bench_count_state_write();
                  END IF;
                END $$;
                SELECT 1
                """, _ => 0);
        }
    }

    public static Task<(long AllBytes, long GrainStateBytes)> ReadAsync(PgControl pg) => pg.RunAsync("""
        SELECT coalesce(sum(bytes), 0)::bigint, coalesce(sum(bytes) FILTER (WHERE tbl = 'orleans_grain_state'), 0)::bigint FROM bench_state_writes
        """, r => (r.GetInt64(0), r.GetInt64(1)));

    public static Task<(long Bytes, string GrainType)> LargestGrainStateAsync(PgControl pg) => pg.RunAsync("""
        SELECT coalesce(octet_length(payloadbinary), 0)::bigint, graintypestring FROM orleans_grain_state ORDER BY octet_length(payloadbinary) DESC NULLS LAST LIMIT 1
        """, r => (r.GetInt64(0), r.GetString(1)));
}
