using System.Reflection;
using System.Text;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;
using Xunit.Abstractions;

namespace DistrictSferum.Tests.Api;

/// <summary>
/// A fuzz pass over the whole API: every RPC of every service gets hostile input (NUL, bidi and format characters,
/// oversized strings, negative and huge numbers, unknown enum values, out-of-range timestamps, empty and duplicated
/// repeated fields), as a school's administrator, its teacher, a student and an outsider, with the school's real ids
/// mixed in so the calls reach the rules behind the validation. A server error (INTERNAL, UNKNOWN, DATA_LOSS) is a
/// defect; and nothing an outsider sends may change the school.
/// </summary>
public sealed class MalformedInputTests(ServerFixture fixture, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    private const int InputsPerMethod = 12;

    private static readonly StatusCode[] ServerFaults = [StatusCode.Internal, StatusCode.Unknown, StatusCode.DataLoss, StatusCode.Unimplemented];

    /// <summary>Methods that end the caller's own sign-in or would make the rest of the pass meaningless for that caller.</summary>
    private static readonly HashSet<string> SelfEnding = new(StringComparer.Ordinal) { "Logout", "RevokeSession", "SignOutEverywhere" };

    [Fact]
    public async Task DIS_5_every_rpc_is_served_by_the_gateway_and_answers_hostile_input_with_a_client_error_never_a_server_fault_and_an_outsider_changes_nothing()
    {
        var server = fixture.Server;
        var school = await SchoolScenario.CreateAsync(server, students: 2);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var sent = await school.Teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "fuzz-seed", Body = "Домашнее задание" });
        var outsider = await server.SignInAsync(school.NextPhone());
        var ids = new[] { school.SchoolId, school.ClassId, school.StaffRoomId, chat.ChatId, school.Teacher.UserId, school.Students[0].UserId, school.Admin.UserId };
        var random = new Random(20261130);
        var faults = new List<string>();
        var tried = 0;

        // The outsider first, against a school that must not move: its grains' versions and its logs' rows, once the
        // setup's own after-effects (outboxes flushed by timers) have settled.
        var before = await SettledDigestAsync(server.ConnectionString);
        foreach (var (service, method) in Methods())
        {
            if (SelfEnding.Contains(method.Name)) continue;
            for (var i = 0; i < InputsPerMethod; i++, tried++)
            {
                var status = await CallAsync(outsider.Invoker, service, method, Hostile(method.InputType, random, ids, depth: 0), Hostile(method.InputType, random, ids, depth: 0));
                if (ServerFaults.Contains(status.StatusCode)) faults.Add($"outsider {service.FullName}/{method.Name}: {status}");
            }
        }

        var after = await SchoolDigestAsync(server.ConnectionString);
        Assert.Equal(before, after);

        // Then the school's own people, where the input reaches deeper: only server faults count here.
        foreach (var caller in new[] { ("student", school.Students[1]), ("teacher", school.Teacher), ("admin", school.Admin) })
        {
            foreach (var (service, method) in Methods())
            {
                if (SelfEnding.Contains(method.Name)) continue;
                for (var i = 0; i < InputsPerMethod; i++, tried++)
                {
                    var status = await CallAsync(caller.Item2.Invoker, service, method, Hostile(method.InputType, random, ids, depth: 0), Hostile(method.InputType, random, ids, depth: 0));
                    if (ServerFaults.Contains(status.StatusCode)) faults.Add($"{caller.Item1} {service.FullName}/{method.Name}: {status}");
                }
            }
        }

        output.WriteLine($"fuzz: {tried} hostile inputs over {Methods().Count()} RPCs (4 callers, {InputsPerMethod} each), {faults.Count} server faults");
        Assert.True(faults.Count == 0, $"{faults.Count} of {tried} hostile inputs got a server fault:\n{string.Join("\n", faults.Distinct().Take(40))}");
        // The server is still whole: the seed message is where it was.
        var history = await school.Teacher.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId, Limit = 50 });
        Assert.Contains(history.Messages, m => m.Seq == sent.Seq && m.Body == "Домашнее задание");
        Assert.True(tried > 1000, $"only {tried} inputs were tried");
    }

    [Fact]
    public async Task A_time_outside_the_years_1_to_9999_is_INVALID_ARGUMENT_TIME_INVALID_naming_its_field()
    {
        var school = await SchoolScenario.CreateAsync(fixture.Server, students: 1);
        var beyond = new Timestamp { Seconds = 253_402_300_800 };
        await RpcAssert.FailsOnField(() => school.Admin.Moderation.QueryAuditAsync(new QueryAuditRequest { SchoolId = school.SchoolId, From = beyond }),
            "from", "TIME_INVALID");
        await RpcAssert.FailsOnField(() => school.Admin.Invites.AnnulUnusedInvitesAsync(
            new AnnulUnusedInvitesRequest { SchoolId = school.SchoolId, OlderThan = new Duration { Seconds = 1, Nanos = -1 } }), "older_than", "TIME_INVALID");
    }

    /// <summary>Every method of every service in the API (unary, server-, client- and bidirectional streaming).</summary>
    private static IEnumerable<(ServiceDescriptor Service, MethodDescriptor Method)> Methods() =>
        typeof(ChatService).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(ServiceDescriptor))
            .Select(p => (ServiceDescriptor)p!.GetValue(null)!)
            .OrderBy(s => s.FullName, StringComparer.Ordinal)
            .SelectMany(s => s.Methods.Select(m => (s, m)));

    /// <summary>
    /// Calls <paramref name="method"/> with raw messages and returns its status (streams: up to the first message). A
    /// client stream sends <paramref name="request"/> and a second hostile message of its type (an upload's header, then
    /// a chunk, or anything else in any order).
    /// </summary>
    private static async Task<Status> CallAsync(CallInvoker invoker, ServiceDescriptor service, MethodDescriptor method, IMessage request, IMessage? second = null)
    {
        var marshaller = Marshallers.Create<IMessage>(m => m.ToByteArray(), bytes => method.OutputType.Parser.ParseFrom(bytes));
        // A stream that is accepted may stay quiet: half a second tells an accepted stream from a refused one.
        var options = new CallOptions(deadline: DateTime.UtcNow + (method.IsServerStreaming ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(20)));
        try
        {
            if (method.IsClientStreaming)
            {
                var type = method.IsServerStreaming ? MethodType.DuplexStreaming : MethodType.ClientStreaming;
                var streamingIn = new Method<IMessage, IMessage>(type, service.FullName, method.Name, marshaller, marshaller);
                if (method.IsServerStreaming)
                {
                    using var duplex = invoker.AsyncDuplexStreamingCall(streamingIn, null, options);
                    await WriteAllAsync(duplex.RequestStream, request, second);
                    await duplex.ResponseStream.MoveNext();
                    return Status.DefaultSuccess;
                }

                using var call = invoker.AsyncClientStreamingCall(streamingIn, null, options);
                await WriteAllAsync(call.RequestStream, request, second);
                await call.ResponseAsync;
                return Status.DefaultSuccess;
            }

            if (method.IsServerStreaming)
            {
                var streaming = new Method<IMessage, IMessage>(MethodType.ServerStreaming, service.FullName, method.Name, marshaller, marshaller);
                using var call = invoker.AsyncServerStreamingCall(streaming, null, options, request);
                await call.ResponseStream.MoveNext();
                return Status.DefaultSuccess;
            }

            var unary = new Method<IMessage, IMessage>(MethodType.Unary, service.FullName, method.Name, marshaller, marshaller);
            await invoker.AsyncUnaryCall(unary, null, options, request);
            return Status.DefaultSuccess;
        }
        catch (RpcException e) when (method.IsServerStreaming && e.StatusCode == StatusCode.DeadlineExceeded)
        {
            return Status.DefaultSuccess; // An accepted stream with nothing to say yet.
        }
        catch (RpcException e)
        {
            return e.Status;
        }
    }

    private static async Task WriteAllAsync(IClientStreamWriter<IMessage> requests, IMessage first, IMessage? second)
    {
        try
        {
            await requests.WriteAsync(first);
            if (second is not null) await requests.WriteAsync(second);
            await requests.CompleteAsync();
        }
        catch (RpcException)
        {
            // Refused before reading everything: the call's status says why.
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>A message of <paramref name="type"/> whose every field holds something hostile (or a real id).</summary>
    private static IMessage Hostile(MessageDescriptor type, Random random, string[] ids, int depth)
    {
        var message = type.Parser.ParseFrom(ByteString.Empty);
        if (type.FullName == Timestamp.Descriptor.FullName)
            return new Timestamp { Seconds = Pick(random, long.MinValue, -62_135_596_801, 253_402_300_800, long.MaxValue, 0), Nanos = Pick(random, -1, 1_000_000_000, int.MaxValue) };
        if (type.FullName == Duration.Descriptor.FullName)
            return new Duration { Seconds = Pick(random, long.MinValue, -1, 315_576_000_001, long.MaxValue), Nanos = Pick(random, -1, 1_000_000_000, int.MinValue) };

        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            if (random.Next(5) == 0) continue; // Unset fields are hostile too.
            if (field.IsRepeated && !field.IsMap)
            {
                var list = (System.Collections.IList)field.Accessor.GetValue(message);
                var one = Value(field, random, ids, depth);
                if (one is null) continue;
                // Empty, duplicated, or very many (of short values, so a request stays far below the message size limit).
                var many = field.FieldType is not (FieldType.Message or FieldType.Bytes);
                var count = many ? Pick(random, 0, 1, 2, 300) : Pick(random, 0, 1, 2);
                for (var i = 0; i < count; i++)
                    list.Add(count > 2 && field.FieldType == FieldType.String ? ids[random.Next(ids.Length)] : random.Next(2) == 0 ? one : Value(field, random, ids, depth) ?? one);
            }
            else if (!field.IsMap && Value(field, random, ids, depth) is { } value)
            {
                field.Accessor.SetValue(message, value);
            }
        }

        return message;
    }

    private static object? Value(FieldDescriptor field, Random random, string[] ids, int depth) => field.FieldType switch
    {
        FieldType.String => HostileText(random, ids),
        FieldType.Bytes => ByteString.CopyFrom(Encoding.UTF8.GetBytes(HostileText(random, ids))),
        FieldType.Bool => random.Next(2) == 0,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => Pick(random, int.MinValue, -1, 0, 1, 3, 4, 31, 500, 501, int.MaxValue),
        FieldType.UInt32 or FieldType.Fixed32 => Pick(random, 0u, 1u, uint.MaxValue),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Pick(random, long.MinValue, -1L, 0L, 1L, 1L << 40, long.MaxValue),
        FieldType.UInt64 or FieldType.Fixed64 => Pick(random, 0ul, 1ul, ulong.MaxValue),
        FieldType.Double => Pick(random, double.NaN, double.NegativeInfinity, -1.0, 0.0, 1e308),
        FieldType.Float => Pick(random, float.NaN, float.PositiveInfinity, -1f, 0f),
        // An unknown number as often as a known one: clients built from a newer proto send those.
        FieldType.Enum => random.Next(2) == 0 ? Pick(random, -1, 999, int.MaxValue) : field.EnumType.Values[random.Next(field.EnumType.Values.Count)].Number,
        FieldType.Message => depth >= 3 ? null : Hostile(field.MessageType, random, ids, depth + 1),
        _ => null,
    };

    private static string HostileText(Random random, string[] ids) => random.Next(12) switch
    {
        0 => "",
        1 => "\0",
        2 => ids[random.Next(ids.Length)] + "\0",
        3 => "\u202Eevil\u202C\u200B\u2066",
        4 => new string('я', Pick(random, 257, 4_097, 70_000)),
        5 => "../../etc/passwd",
        6 => "'; DROP TABLE chat_events; --",
        7 => "\uD800", // a lone surrogate: not encodable as UTF-8 as it stands
        8 => "+7 (999) 000-00-00",
        9 => "2026-02-30T25:61:00Z",
        _ => ids[random.Next(ids.Length)],
    };

    private static T Pick<T>(Random random, params T[] values) => values[random.Next(values.Length)];

    private static async Task<string> SettledDigestAsync(string connectionString)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var digest = await SchoolDigestAsync(connectionString);
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var again = await SchoolDigestAsync(connectionString);
            if (again == digest || DateTime.UtcNow > deadline) return again;
            digest = again;
        }
    }

    /// <summary>
    /// What an outsider must never move: the versions of every grain's state except the ones a caller's own sign-in
    /// writes (contact, user and session grains, which are the outsider's own), statistics and Orleans' stream
    /// subscriptions (a stream opened and refused registers and leaves there), and the rows of the durable logs.
    /// </summary>
    private static async Task<string> SchoolDigestAsync(string connectionString)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var command = db.CreateCommand("""
            SELECT coalesce(string_agg(graintypestring || '=' || total, ',' ORDER BY graintypestring), '')
                   || ' events=' || (SELECT count(*) FROM chat_events)
                   || ' movements=' || (SELECT count(*) FROM school_movements)
              FROM (SELECT graintypestring, sum(version) AS total FROM orleans_grain_state
                     WHERE graintypestring NOT LIKE '%contact%' AND graintypestring NOT LIKE '%user%' AND graintypestring NOT LIKE '%session%'
                       AND graintypestring NOT LIKE '%usage%' AND graintypestring NOT LIKE '%PubSub%'
                     GROUP BY graintypestring) g
            """);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
