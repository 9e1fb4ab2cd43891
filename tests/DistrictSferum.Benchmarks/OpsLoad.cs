using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;

namespace DistrictSferum.Benchmarks;

/// <summary>
/// The load and the checks of the operations scripts (deploy/local/rolling-restart.sh, backup-restore.sh):
/// <c>--ops-load setup|send|verify</c>. Clients spread calls round-robin over every given server, as a Kubernetes
/// Service does, and retry a send the server could not finish with the same client key (the documented retry), so
/// an acknowledgement is never doubled. Every acknowledgement is written down with its time; <c>verify</c> checks
/// that each one acknowledged before a given instant is in the chat's history.
/// </summary>
public static class OpsLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var o = Args.Parse(args);
        try
        {
            return o.Command switch
            {
                "setup" => await SetupAsync(o),
                "send" => await SendAsync(o),
                "verify" => await VerifyAsync(o),
                "stream" => await StreamAsync(o),
                "movement" => await MovementAsync(o),
                _ => throw new ArgumentException("usage: --ops-load setup|send|verify|stream --addresses A[,B...] --state FILE ..."),
            };
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync("ops-load: " + e.Message);
            return 2;
        }
    }

    private sealed record State(string SchoolId, string AdminToken, string TeacherToken, string[] ChatIds);

    private sealed class Args
    {
        public string Command = "";
        public string[] Addresses = [];
        public string State = "";
        public string Codes = "";
        public string Acks = "";
        public int Chats = 8;
        public int Concurrency = 16;
        public double Rate = 200;
        public double Seconds = 30;
        public string StopFile = "";
        public long BeforeUnixMs = long.MaxValue;
        public string Operator = "+70000000000";
        public string Received = "";
        public int SlowMs;
        public double SlowSeconds;
        public long FaultAtUnixMs;
        public string Phase = "";
        public string ReadyFile = "";
        public string Movement = "";
        public double HeartbeatSeconds = 30;

        public static Args Parse(string[] args)
        {
            var o = new Args { Command = args.Length > 1 ? args[1] : "" };
            for (var i = 2; i + 1 < args.Length; i += 2)
            {
                var v = args[i + 1];
                switch (args[i])
                {
                    case "--addresses": o.Addresses = v.Split(','); break;
                    case "--state": o.State = v; break;
                    case "--codes": o.Codes = v; break;
                    case "--acks": o.Acks = v; break;
                    case "--chats": o.Chats = int.Parse(v, CultureInfo.InvariantCulture); break;
                    case "--concurrency": o.Concurrency = int.Parse(v, CultureInfo.InvariantCulture); break;
                    case "--rate": o.Rate = double.Parse(v, CultureInfo.InvariantCulture); break;
                    case "--seconds": o.Seconds = double.Parse(v, CultureInfo.InvariantCulture); break;
                    case "--stop-file": o.StopFile = v; break;
                    case "--before-unix-ms": o.BeforeUnixMs = long.Parse(v, CultureInfo.InvariantCulture); break;
                    case "--operator": o.Operator = v; break;
                    case "--received": o.Received = v; break;
                    case "--slow-ms": o.SlowMs = int.Parse(v, CultureInfo.InvariantCulture); break;
                    case "--slow-seconds": o.SlowSeconds = double.Parse(v, CultureInfo.InvariantCulture); break;
                    case "--fault-at-unix-ms": o.FaultAtUnixMs = long.Parse(v, CultureInfo.InvariantCulture); break;
                    case "--phase": o.Phase = v; break;
                    case "--ready-file": o.ReadyFile = v; break;
                    case "--movement": o.Movement = v; break;
                    case "--heartbeat-seconds": o.HeartbeatSeconds = double.Parse(v, CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException("unknown option " + args[i]);
                }
            }

            if (o.Addresses.Length == 0 || o.State.Length == 0) throw new ArgumentException("--addresses and --state are required");
            return o;
        }
    }

    /// <summary>One channel over every server, round-robin, as a Kubernetes Service spreads connections.</summary>
    private static GrpcChannel Channel(string[] addresses)
    {
        var endpoints = addresses.Select(a => new Uri(a)).Select(u => new BalancerAddress(u.Host, u.Port)).ToArray();
        var services = new ServiceCollection();
        services.AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => endpoints));
        return GrpcChannel.ForAddress("static:///sferum", new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Insecure,
            ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } },
            ServiceProvider = services.BuildServiceProvider(),
        });
    }

    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    private static async Task<string> SignInAsync(GrpcChannel channel, string codesFile, string contact)
    {
        var auth = new AuthService.AuthServiceClient(channel);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await auth.RequestCodeAsync(new RequestCodeRequest { Contact = contact });
                var code = (await File.ReadAllLinesAsync(codesFile)).Select(l => l.Split('\t')).Last(f => f[1] == contact)[2];
                return (await auth.SignInAsync(new SignInRequest { Contact = contact, Code = code })).Tokens.AccessToken;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Unauthenticated && attempt < 20)
            {
                // Another server of the cluster wrote the code a moment later, or the cluster is still forming.
                await Task.Delay(250);
            }
        }
    }

    private static async Task<int> SetupAsync(Args o)
    {
        using var channel = Channel(o.Addresses);
        var op = Bearer(await SignInAsync(channel, o.Codes, o.Operator));
        var district = new DistrictService.DistrictServiceClient(channel);
        var suffix = Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var adminPhone = "+7977000" + suffix;
        string schoolId = "";
        for (var attempt = 0; schoolId.Length == 0; attempt++)
        {
            try
            {
                schoolId = (await district.RegisterSchoolAsync(new RegisterSchoolRequest
                {
                    Info = new SchoolInfo
                    {
                        Name = $"Школа № {suffix} (эксплуатация)",
                        ShortName = $"Школа {suffix}",
                        Address = "г. Тверь, ул. Советская, 10",
                        TimeZone = "Europe/Moscow",
                        JournalUrl = "https://dnevnik.example.org/",
                    },
                    AdminFullName = "Смирнова Анна Сергеевна",
                    AdminEmail = $"admin{suffix}@example.org",
                    AdminPhone = adminPhone,
                    OrderNumber = $"{suffix}-к",
                    OrderDate = "2026-08-20",
                }, op)).School.SchoolId;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied && attempt < 300)
            {
                await Task.Delay(100); // the operator is bootstrapped just after the server is ready
            }
        }

        var adminToken = await SignInAsync(channel, o.Codes, adminPhone);
        var admin = Bearer(adminToken);
        var classes = new ClassService.ClassServiceClient(channel);
        var staffRoom = (await classes.ListClassesAsync(new ListClassesRequest { SchoolId = schoolId }, admin)).Classes.Single(c => c.Kind == ClassKind.StaffRoom).ClassId;
        var link = await new InviteService.InviteServiceClient(channel).CreateInviteAsync(new CreateInviteRequest
        {
            SchoolId = schoolId,
            ClassId = staffRoom,
            Role = JoinRole.Teacher,
            MaxUses = 1,
            AutoAccept = true,
            Lifetime = Duration.FromTimeSpan(TimeSpan.FromDays(1)),
        }, admin);
        var teacherToken = await SignInAsync(channel, o.Codes, "+7977100" + suffix);
        var teacher = Bearer(teacherToken);
        await new InviteService.InviteServiceClient(channel).FollowInviteAsync(new FollowInviteRequest { Token = link.Token }, teacher);
        var teacherId = (await new UserService.UserServiceClient(channel).GetMeAsync(new GetMeRequest(), teacher)).Me.UserId;
        await new MemberService.MemberServiceClient(channel).VerifyTeacherAsync(new VerifyTeacherRequest { SchoolId = schoolId, UserId = teacherId }, admin);

        var chats = new ChatService.ChatServiceClient(channel);
        var moderation = new ModerationService.ModerationServiceClient(channel);
        var chatIds = new List<string>();
        for (var i = 0; i < o.Chats; i++)
        {
            var chat = await chats.CreateChatAsync(new CreateChatRequest
            {
                SchoolId = schoolId,
                Kind = ChatKind.Other,
                Title = $"Кружок {i + 1}",
                RuleClauses = { "Уважайте друг друга.", "Без рекламы." },
            }, teacher);
            chatIds.Add(chat.Chat.ChatId);
            // One moderation action per chat, so every run has an audit chain to verify after a restore.
            var sent = await chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Chat.ChatId, ClientKey = "setup", Body = "Реклама!" }, teacher);
            await moderation.DeleteMessageAsModeratorAsync(new DeleteMessageAsModeratorRequest { ChatId = chat.Chat.ChatId, Seq = sent.Seq, Clause = 2 }, teacher);
        }

        await File.WriteAllTextAsync(o.State, JsonSerializer.Serialize(new State(schoolId, adminToken, teacherToken, [.. chatIds])));
        Console.WriteLine($"ops-load: school {schoolId}, {chatIds.Count} chats");
        return 0;
    }

    private static State ReadState(Args o) => JsonSerializer.Deserialize<State>(File.ReadAllText(o.State))!;

    /// <summary>Sends at a steady rate until the time is up or the stop file appears; prints one summary line.</summary>
    private static async Task<int> SendAsync(Args o)
    {
        var state = ReadState(o);
        using var channel = Channel(o.Addresses);
        var chats = new ChatService.ChatServiceClient(channel);
        var teacher = Bearer(state.TeacherToken);
        await using var acks = new StreamWriter(o.Acks.Length > 0 ? o.Acks : Path.ChangeExtension(o.State, ".acks"), append: true) { AutoFlush = true };
        long sent = 0, acked = 0, failed = 0, retries = 0;
        var latencies = new List<double>();
        var failures = new Dictionary<string, int>();
        var gate = new SemaphoreSlim(o.Concurrency);
        var run = Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1 / o.Rate);
        var inFlight = new List<Task>();
        for (long n = 0; clock.Elapsed.TotalSeconds < o.Seconds && !(o.StopFile.Length > 0 && File.Exists(o.StopFile)); n++)
        {
            var due = interval * n;
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            await gate.WaitAsync();
            Interlocked.Increment(ref sent);
            var chatId = state.ChatIds[n % state.ChatIds.Length];
            var key = $"{run}-{n}";
            inFlight.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    for (var attempt = 0; ; attempt++)
                    {
                        try
                        {
                            var ack = await chats.SendMessageAsync(new SendMessageRequest { ChatId = chatId, ClientKey = key, Body = "Сообщение " + key },
                                teacher, deadline: DateTime.UtcNow.AddSeconds(10));
                            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                            lock (latencies)
                            {
                                latencies.Add(ms);
                                acked++;
                                acks.WriteLine($"{chatId}\t{ack.Seq}\t{key}\t{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");
                            }

                            return;
                        }
                        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown
                                                     && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(60))
                        {
                            // The documented retry: the same client key, after a short pause, through any server.
                            Interlocked.Increment(ref retries);
                            lock (failures) failures[$"retried {e.StatusCode}"] = failures.GetValueOrDefault($"retried {e.StatusCode}") + 1;
                            await Task.Delay(Math.Min(1000, 50 * (1 << Math.Min(attempt, 5))));
                        }
                    }
                }
                catch (RpcException e)
                {
                    Interlocked.Increment(ref failed);
                    lock (failures) failures[$"failed {e.StatusCode}"] = failures.GetValueOrDefault($"failed {e.StatusCode}") + 1;
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        await Task.WhenAll(inFlight);
        latencies.Sort();
        double P(double q) => latencies.Count == 0 ? 0 : latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(q * latencies.Count) - 1)];
        var causes = failures.Count > 0 ? " (" + string.Join(", ", failures.OrderBy(f => f.Key).Select(f => $"{f.Key}: {f.Value}")) + ")" : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ops-load: {clock.Elapsed.TotalSeconds:F1} s, sends {sent}, acknowledged {acked}, failed {failed}, retries {retries}, ack p50 {P(0.50):F1} ms, p99 {P(0.99):F1} ms, p99.9 {P(0.999):F1} ms, max {(latencies.Count > 0 ? latencies[^1] : 0):F0} ms{causes}"));
        return failed == 0 && acked == sent ? 0 : 1;
    }

    /// <summary>
    /// A member's Subscribe stream for all their chats, as the documented client: on UNAVAILABLE (or any end but its
    /// own), or when nothing came for two heartbeat intervals (--heartbeat-seconds), it subscribes again with all_chats
    /// and the last sequence number it has of each chat. Writes "chat, seq" of every event to --received and each resume
    /// to stderr; reads slowly (--slow-ms per event) for the first --slow-seconds; ends once the stop file exists and
    /// every acknowledged send was delivered, or 60 s after that.
    /// </summary>
    private static async Task<int> StreamAsync(Args o)
    {
        var state = ReadState(o);
        using var channel = Channel(o.Addresses);
        var chats = new ChatService.ChatServiceClient(channel);
        var teacher = Bearer(state.TeacherToken);
        await using var output = new StreamWriter(o.Received, append: true) { AutoFlush = true };
        var positions = new Dictionary<string, long>();
        var seen = new HashSet<(string, long)>();
        long events = 0, duplicates = 0, resumes = 0, silences = 0;
        var clock = Stopwatch.StartNew();
        var lastEvent = Stopwatch.StartNew();
        using var done = new CancellationTokenSource();
        // Once the load has stopped (the stop file and its acks are final), wait until every acknowledged send was
        // delivered, or 60 s: what is still missing then is missing.
        var watcher = Task.Run(async () =>
        {
            while (!(o.StopFile.Length > 0 && File.Exists(o.StopFile))) await Task.Delay(200);
            var stopped = Stopwatch.StartNew();
            while (stopped.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(500);
                if (lastEvent.Elapsed < TimeSpan.FromSeconds(1) || !File.Exists(o.Acks)) continue;
                var acked = File.ReadAllLines(o.Acks).Select(l => l.Split('\t')).Select(f => (f[0], long.Parse(f[1], CultureInfo.InvariantCulture)));
                bool all;
                lock (seen) all = acked.All(seen.Contains);
                if (all) break;
            }

            await done.CancelAsync();
        });
        var quietLimit = TimeSpan.FromSeconds(2 * o.HeartbeatSeconds + 1);
        while (!done.IsCancellationRequested)
        {
            var request = new SubscribeRequest { AllChats = true };
            lock (positions) request.Positions.AddRange(positions.Select(p => new ChatPosition { ChatId = p.Key, LastSeq = p.Value }));
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(done.Token);
            quiet.CancelAfter(quietLimit);
            try
            {
                using var call = chats.Subscribe(request, teacher, cancellationToken: quiet.Token);
                await foreach (var update in call.ResponseStream.ReadAllAsync(quiet.Token))
                {
                    quiet.CancelAfter(quietLimit);
                    if (update.UpdateCase == SubscribeResponse.UpdateOneofCase.CaughtUp)
                    {
                        lock (positions) positions[update.CaughtUp.ChatId] = Math.Max(positions.GetValueOrDefault(update.CaughtUp.ChatId), update.CaughtUp.LastSeq);
                        // The load starts only once the stream follows every chat: a send before that is not "missing after resume".
                        if (o.ReadyFile.Length > 0 && state.ChatIds.All(positions.ContainsKey) && !File.Exists(o.ReadyFile)) await File.WriteAllTextAsync(o.ReadyFile, "");
                    }

                    if (update.UpdateCase != SubscribeResponse.UpdateOneofCase.Event) continue;
                    var e = update.Event;
                    lastEvent.Restart();
                    events++;
                    lock (seen)
                        if (!seen.Add((e.ChatId, e.Seq))) duplicates++;
                    lock (positions) positions[e.ChatId] = Math.Max(positions.GetValueOrDefault(e.ChatId), e.Seq);
                    await output.WriteLineAsync($"{e.ChatId}\t{e.Seq}");
                    if (o.SlowMs > 0 && clock.Elapsed.TotalSeconds < o.SlowSeconds) await Task.Delay(o.SlowMs);
                }
            }
            catch (Exception) when (done.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException)
            {
                // A stream that only went quiet is treated as dead too (the server beats every interval).
                await Console.Error.WriteLineAsync($"{DateTime.UtcNow:HH:mm:ss.fff} resuming after {(e is RpcException r ? $"{r.StatusCode} {r.Status.Detail}" : $"{quietLimit.TotalSeconds} s without a heartbeat")}");
                resumes++;
                if (e is OperationCanceledException) silences++;
                await Task.Delay(200);
            }
        }

        await watcher;
        Console.WriteLine($"ops-load: stream received {events} events, {duplicates} delivered twice, {resumes} resumes ({silences} after a silence)");
        return 0;
    }

    /// <summary>
    /// A movement to kill the cluster under (chaos.sh): <c>--phase start</c> admits a new teacher who creates a chat, then
    /// records that the teacher left (ETH-9: their chats drop them) and prints "token chat"; <c>--phase check --movement
    /// "token chat"</c> waits up to 90 s for the chat to have dropped them, after the restart.
    /// </summary>
    private static async Task<int> MovementAsync(Args o)
    {
        var state = ReadState(o);
        using var channel = Channel(o.Addresses);
        var admin = Bearer(state.AdminToken);
        var chats = new ChatService.ChatServiceClient(channel);
        if (o.Phase == "start")
        {
            var classes = new ClassService.ClassServiceClient(channel);
            var staffRoom = (await classes.ListClassesAsync(new ListClassesRequest { SchoolId = state.SchoolId }, admin)).Classes.Single(c => c.Kind == ClassKind.StaffRoom).ClassId;
            var link = await new InviteService.InviteServiceClient(channel).CreateInviteAsync(new CreateInviteRequest
            {
                SchoolId = state.SchoolId,
                ClassId = staffRoom,
                Role = JoinRole.Teacher,
                MaxUses = 1,
                AutoAccept = true,
            }, admin);
            var token = await SignInAsync(channel, o.Codes, "+7977200" + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture));
            var leaver = Bearer(token);
            await new InviteService.InviteServiceClient(channel).FollowInviteAsync(new FollowInviteRequest { Token = link.Token }, leaver);
            var leaverId = (await new UserService.UserServiceClient(channel).GetMeAsync(new GetMeRequest(), leaver)).Me.UserId;
            var members = new MemberService.MemberServiceClient(channel);
            await members.VerifyTeacherAsync(new VerifyTeacherRequest { SchoolId = state.SchoolId, UserId = leaverId }, admin);
            var chat = (await chats.CreateChatAsync(new CreateChatRequest
            {
                SchoolId = state.SchoolId,
                Kind = ChatKind.Other,
                Title = "Кружок уходящего",
                RuleClauses = { "Уважайте друг друга." },
            }, leaver)).Chat;
            await members.RecordEmployeeLeftAsync(new RecordEmployeeLeftRequest { SchoolId = state.SchoolId, UserId = leaverId }, admin);
            Console.WriteLine($"{token} {chat.ChatId}");
            return 0;
        }

        var parts = o.Movement.Split(' ');
        var who = Bearer(parts[0]);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            try
            {
                await chats.GetChatAsync(new GetChatRequest { ChatId = parts[1] }, who);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.PermissionDenied)
            {
                Console.WriteLine($"ops-load: movement completed {clock.Elapsed.TotalSeconds:F1} s after the restart (the leaver's chat dropped them)");
                return 0;
            }
            catch (RpcException)
            {
                // the cluster is still forming
            }

            await Task.Delay(500);
        }

        Console.WriteLine("ops-load: movement NOT completed within 90 s after the restart");
        return 1;
    }

    /// <summary>Every acknowledgement before --before-unix-ms is in its chat's history; the audit chain holds; the school is there.</summary>
    private static async Task<int> VerifyAsync(Args o)
    {
        var state = ReadState(o);
        using var channel = Channel(o.Addresses);
        var teacher = Bearer(state.TeacherToken);
        var admin = Bearer(state.AdminToken);
        var chats = new ChatService.ChatServiceClient(channel);
        var problems = new List<string>();
        var expected = File.Exists(o.Acks)
            ? File.ReadAllLines(o.Acks).Select(l => l.Split('\t')).Where(f => long.Parse(f[3], CultureInfo.InvariantCulture) < o.BeforeUnixMs)
                .Select(f => (ChatId: f[0], Seq: long.Parse(f[1], CultureInfo.InvariantCulture), Key: f[2])).ToList()
            : [];
        var found = 0;
        var duplicates = 0;
        foreach (var chatId in state.ChatIds)
        {
            var history = new Dictionary<long, Message>();
            long before = 0;
            while (true)
            {
                var page = await chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chatId, BeforeSeq = before, Limit = 200 }, teacher);
                foreach (var m in page.Messages) history[m.Seq] = m;
                if (page.Messages.Count < 200) break;
                before = page.Messages.Min(m => m.Seq);
            }

            // A client key stored twice would be a send doubled by its retry.
            duplicates += history.Values.Where(m => m.Body.StartsWith("Сообщение ", StringComparison.Ordinal))
                .GroupBy(m => m.Body).Sum(g => g.Count() - 1);
            foreach (var ack in expected.Where(a => a.ChatId == chatId))
            {
                if (history.TryGetValue(ack.Seq, out var m) && m.Body.EndsWith(ack.Key, StringComparison.Ordinal)) found++;
                else problems.Add($"acknowledged message {ack.Key} (chat {chatId}, seq {ack.Seq}) is missing");
            }
        }

        var audit = await new ModerationService.ModerationServiceClient(channel).VerifyAuditAsync(new VerifyAuditRequest { SchoolId = state.SchoolId }, admin);
        if (!audit.Intact || audit.RowsChecked < state.ChatIds.Length) problems.Add($"audit chain: intact {audit.Intact}, {audit.RowsChecked} rows");
        var school = await new SchoolService.SchoolServiceClient(channel).GetSchoolAsync(new GetSchoolRequest { SchoolId = state.SchoolId }, admin);
        if (school.School.SchoolId != state.SchoolId) problems.Add("the school is missing");

        if (o.Received.Length > 0)
        {
            // Deliveries missing after resume: acknowledged sends the resuming stream never delivered.
            var received = File.Exists(o.Received)
                ? File.ReadAllLines(o.Received).Select(l => l.Split('\t')).Select(f => (f[0], long.Parse(f[1], CultureInfo.InvariantCulture))).ToHashSet()
                : [];
            var missing = expected.Count(a => !received.Contains((a.ChatId, a.Seq)));
            // Time to recover: the longest pause between two acknowledgements after the fault (the load is open-loop).
            var times = File.Exists(o.Acks)
                ? File.ReadAllLines(o.Acks).Select(l => long.Parse(l.Split('\t')[3], CultureInfo.InvariantCulture)).Where(t => t >= o.FaultAtUnixMs).Order().ToList()
                : [];
            var recover = times.Count == 0 ? 0 : Math.Max(times[0] - o.FaultAtUnixMs, times.Zip(times.Skip(1), (a, b) => b - a).DefaultIfEmpty(0).Max());
            Console.WriteLine($"chaos: acked {expected.Count} found {found} duplicates {duplicates} missing {missing} recover_ms {recover}");
            if (missing > 0 || duplicates > 0) problems.Add($"{missing} deliveries missing, {duplicates} duplicates");
        }

        foreach (var p in problems.Take(20)) Console.Error.WriteLine("ops-load: " + p);
        Console.WriteLine($"ops-load: verified {found} of {expected.Count} acknowledged messages in {state.ChatIds.Length} chats, audit chain intact ({audit.RowsChecked} rows), school present: {(problems.Count == 0 ? "OK" : problems.Count + " problem(s)")}");
        return problems.Count == 0 ? 0 : 1;
    }
}
