using System.Text.RegularExpressions;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;

namespace DistrictSferum.Tests.Statistics;

/// <summary>Usage statistics through gRPC against a real server and PostgreSQL (ORG-14, DIS-4).</summary>
public sealed class StatisticsEndToEndTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerHost Server => fixture.Server;

    private static StatisticsService.StatisticsServiceClient Stats(Session s) => new(s.Invoker);

    private static StatisticsAccessService.StatisticsAccessServiceClient Access(Session s) => new(s.Invoker);

    private static async Task SayAsync(Session who, string chatId, string text) =>
        await who.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chatId, ClientKey = Guid.NewGuid().ToString("N"), Body = text });

    private QueryUsageRequest Today(string schoolId, params UsageDimension[] groupBy) => new()
    {
        SchoolId = schoolId,
        From = Timestamp.FromDateTimeOffset(Server.Clock.GetUtcNow().AddHours(-2)),
        To = Timestamp.FromDateTimeOffset(Server.Clock.GetUtcNow().AddHours(2)),
        Bucket = UsageBucket.Hour,
        GroupBy = { groupBy },
        Metrics = { "message_sent" },
    };

    private Task CaughtUpAsync(string schoolId) => UsageCatchUp.WaitAsync(Server, schoolId, chats[schoolId]);

    private readonly Dictionary<string, List<string>> chats = [];

    private async Task<(SchoolScenario School, Chat Chat)> SchoolAsync(int students)
    {
        var school = await SchoolScenario.CreateAsync(Server, students);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        chats[school.SchoolId] = [chat.ChatId];
        return (school, chat);
    }

    private static UsageCell Student(QueryUsageResponse r) => r.Cells.Single(c => c.Role == "student" && c.Metric == "message_sent");

    [Fact]
    public async Task DIS_4_four_members_behind_a_cell_are_suppressed_five_are_shown()
    {
        var (school, chat) = await SchoolAsync(students: 5);
        for (var i = 0; i < 4; i++) await SayAsync(school.Students[i], chat.ChatId, $"привет {i}");
        await CaughtUpAsync(school.SchoolId);

        var four = await Stats(school.Admin).QueryUsageAsync(Today(school.SchoolId, UsageDimension.Role));
        Assert.True(Student(four).Suppressed);
        Assert.Equal(0, Student(four).Value);

        await SayAsync(school.Students[4], chat.ChatId, "и я");
        await CaughtUpAsync(school.SchoolId);
        var five = await Stats(school.Admin).QueryUsageAsync(Today(school.SchoolId, UsageDimension.Role));
        Assert.False(Student(five).Suppressed);
        Assert.Equal(5, Student(five).Value);
        Assert.Equal(5, five.K);
    }

    [Fact]
    public async Task Statistics_answers_are_gzip_compressed_for_clients_that_accept_it()
    {
        var encodings = new EncodingRecorder { InnerHandler = new SocketsHttpHandler() };
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(Server.Address, new Grpc.Net.Client.GrpcChannelOptions { HttpHandler = encodings });
        var op = (await Server.SignInOperatorAsync()).On(channel);

        var answer = await Stats(op).QueryUsageAsync(Today(""));
        await op.Users.GetMeAsync(new GetMeRequest());

        Assert.Equal(5, answer.K);
        Assert.Equal(["gzip", ""], encodings.Seen);
    }

    /// <summary>The grpc-encoding of every response (the gRPC client keeps it out of the metadata it exposes).</summary>
    private sealed class EncodingRecorder : DelegatingHandler
    {
        public List<string> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            Seen.Add(response.Headers.TryGetValues("grpc-encoding", out var values) ? string.Join(",", values) : "");
            return response;
        }
    }

    [Fact]
    public async Task DIS_4_complementary_suppression_hides_a_shown_cell_whose_sibling_the_total_would_reveal()
    {
        var (school, chat) = await SchoolAsync(students: 5);
        foreach (var student in school.Students) await SayAsync(student, chat.ChatId, "здравствуйте");
        await SayAsync(school.Teacher, chat.ChatId, "добрый день");
        await CaughtUpAsync(school.SchoolId);

        // The school total (6 members) is shown; teachers (1) are suppressed, so students (5) must be too.
        var total = await Stats(school.Admin).QueryUsageAsync(Today(school.SchoolId));
        Assert.Equal(6, total.Cells.Single(c => c.Metric == "message_sent").Value);
        var byRole = await Stats(school.Admin).QueryUsageAsync(Today(school.SchoolId, UsageDimension.Role));
        Assert.True(byRole.Cells.Single(c => c.Role == "teacher").Suppressed);
        Assert.True(Student(byRole).Suppressed);
    }

    [Fact]
    public async Task ORG_14_DIS_4_no_statistics_response_carries_an_identifier_contact_or_text()
    {
        var (school, chat) = await SchoolAsync(students: 6);
        var parent = await school.AddParentAsync(school.Students[0]);
        var secret = "секретный текст " + Guid.NewGuid().ToString("N");
        foreach (var student in school.Students) await SayAsync(student, chat.ChatId, secret);
        await CaughtUpAsync(school.SchoolId);
        var op = await Server.SignInOperatorAsync();
        var analystPhone = school.NextPhone();
        await Access(op).GrantAnalystAsync(new GrantAnalystRequest { Contact = analystPhone, DisplayName = "Аналитик Петров" });
        var analyst = await Server.SignInAsync(analystPhone);

        var responses = new List<IMessage>();
        var everything = new[] { UsageDimension.Class, UsageDimension.ChatKind, UsageDimension.Role };
        foreach (var viewer in new[] { school.Admin, op, analyst })
        {
            responses.Add(await Stats(viewer).GetSchoolStatisticsAsync(new GetSchoolStatisticsRequest { SchoolId = school.SchoolId, Period = StatisticsPeriod.Week }));
            responses.Add(await Stats(viewer).QueryUsageAsync(new QueryUsageRequest(Today(school.SchoolId, everything)) { Metrics = { } }));
            responses.Add(await Stats(viewer).QueryUsageAsync(new QueryUsageRequest(Today(school.SchoolId, UsageDimension.Class)) { Metrics = { }, Bucket = UsageBucket.Day }));
        }

        foreach (var viewer in new[] { op, analyst })
        {
            responses.Add(await Stats(viewer).GetDistrictStatisticsAsync(new GetDistrictStatisticsRequest { Period = StatisticsPeriod.Month }));
            responses.Add(await Stats(viewer).QueryUsageAsync(new QueryUsageRequest(Today("", UsageDimension.School, UsageDimension.Class, UsageDimension.Role)) { Metrics = { } }));
        }

        Server.Clock.Advance(TimeSpan.FromMinutes(2));
        using (var watch = Stats(analyst).WatchUsage(new WatchUsageRequest { SchoolId = school.SchoolId }))
        {
            Assert.True(await watch.ResponseStream.MoveNext());
            responses.Add(watch.ResponseStream.Current);
        }

        var people = school.Students.Append(school.Teacher).Append(school.Admin).Append(parent).Append(analyst).ToList();
        var forbidden = people.Select(p => p.UserId)
            .Append(chat.ChatId).Append(school.ClassId).Append(school.StaffRoomId).Append(secret).Append("Аналитик Петров")
            .ToList();
        var json = string.Join("\n", responses.Select(r => JsonFormatter.Default.Format(r)));
        Assert.Contains("message_sent", json);
        foreach (var value in forbidden) Assert.DoesNotContain(value, json, StringComparison.OrdinalIgnoreCase);
        // No phone number or e-mail address in any shape.
        Assert.DoesNotMatch(new Regex(@"\+?7955\d{7}|[\w.+-]+@[\w-]+\.\w+"), json);
        // The class by name only for the school's own staff; everyone else sees a grade.
        Assert.Contains("6А", JsonFormatter.Default.Format(responses[0]));
        Assert.DoesNotContain("6А", string.Join("\n", responses.Skip(3).Select(r => JsonFormatter.Default.Format(r))));
    }

    [Fact]
    public async Task ORG_14_the_director_and_administrators_see_their_school_others_do_not()
    {
        var (school, chat) = await SchoolAsync(students: 5);
        await SayAsync(school.Students[0], chat.ChatId, "вопрос");
        var week = new GetSchoolStatisticsRequest { SchoolId = school.SchoolId, Period = StatisticsPeriod.Week };

        var stats = await Stats(school.Admin).GetSchoolStatisticsAsync(week);
        Assert.Equal(school.SchoolId, stats.SchoolId);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => Stats(school.Teacher).GetSchoolStatisticsAsync(week), "STATISTICS_DENIED", "ORG-14");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => Stats(school.Students[0]).GetSchoolStatisticsAsync(week), "STATISTICS_DENIED", "ORG-14");
        var other = await SchoolScenario.CreateAsync(Server, students: 0);
        await RpcAssert.Fails(StatusCode.NotFound, () => Stats(other.Admin).GetSchoolStatisticsAsync(week), "SCHOOL_NOT_FOUND", "DIS-1");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => Stats(school.Admin).GetDistrictStatisticsAsync(new GetDistrictStatisticsRequest()), "STATISTICS_DENIED", "DIS-4");
        await RpcAssert.Fails(StatusCode.InvalidArgument,
            () => Stats(school.Admin).QueryUsageAsync(new QueryUsageRequest(Today(school.SchoolId, UsageDimension.Class)) { Bucket = UsageBucket.Minute }), "BUCKET_TOO_FINE", "DIS-4");
    }

    [Fact]
    public async Task DIS_4_an_analyst_granted_by_an_operator_reads_the_district_until_revoked()
    {
        var (school, _) = await SchoolAsync(students: 1);
        var op = await Server.SignInOperatorAsync();
        var phone = school.NextPhone();
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => Access(school.Admin).GrantAnalystAsync(new GrantAnalystRequest { Contact = phone, DisplayName = "Аналитик" }), "NOT_OPERATOR", "DIS-4");
        var granted = await Access(op).GrantAnalystAsync(new GrantAnalystRequest { Contact = phone, DisplayName = "Аналитик" });
        var analyst = await Server.SignInAsync(phone);
        Assert.Equal(granted.Analyst.UserId, analyst.UserId);

        await Stats(analyst).GetDistrictStatisticsAsync(new GetDistrictStatisticsRequest { Period = StatisticsPeriod.Day });
        await Stats(analyst).GetSchoolStatisticsAsync(new GetSchoolStatisticsRequest { SchoolId = school.SchoolId });
        // An analyst reads statistics, nothing else of the school.
        await RpcAssert.Fails(StatusCode.NotFound, () => analyst.Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = school.SchoolId }));

        await Access(op).RevokeAnalystAsync(new RevokeAnalystRequest { UserId = analyst.UserId });
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => Stats(analyst).GetDistrictStatisticsAsync(new GetDistrictStatisticsRequest()), "STATISTICS_DENIED", "DIS-4");
        await RpcAssert.Fails(StatusCode.NotFound, () => Stats(analyst).GetSchoolStatisticsAsync(new GetSchoolStatisticsRequest { SchoolId = school.SchoolId }));
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM district_audit WHERE subject_id = @s AND action IN ('grant_analyst', 'revoke_analyst') AND actor_id = @a", analyst.UserId, op.UserId));
    }

    [Fact]
    public async Task DIS_4_a_service_account_exchanges_its_secret_for_a_short_token_and_loses_access_when_revoked()
    {
        var (school, _) = await SchoolAsync(students: 1);
        var op = await Server.SignInOperatorAsync();
        await RpcAssert.Fails(StatusCode.InvalidArgument,
            () => Access(op).CreateServiceAccountAsync(new CreateServiceAccountRequest { Name = "etl", Scopes = { "chats" } }), "SCOPE_INVALID", "DIS-4");
        var created = await Access(op).CreateServiceAccountAsync(new CreateServiceAccountRequest { Name = "Superset ETL" });
        Assert.NotEmpty(created.ClientSecret);
        Assert.DoesNotContain(created.ClientSecret, JsonFormatter.Default.Format(await Access(op).ListServiceAccountsAsync(new ListServiceAccountsRequest())));

        var anonymous = new StatisticsAccessService.StatisticsAccessServiceClient(Server.Channel);
        await RpcAssert.Fails(StatusCode.Unauthenticated,
            () => anonymous.IssueServiceTokenAsync(new IssueServiceTokenRequest { ClientId = created.Account.ClientId, ClientSecret = created.ClientSecret + "x" }), "CLIENT_CREDENTIALS_INVALID");
        var token = await anonymous.IssueServiceTokenAsync(new IssueServiceTokenRequest { ClientId = created.Account.ClientId, ClientSecret = created.ClientSecret });
        Assert.True(token.ExpiresAt.ToDateTimeOffset() <= Server.Clock.GetUtcNow().AddMinutes(15));
        var pipeline = new Session(Server.Channel, new TokenPair { AccessToken = token.AccessToken, UserId = "" });

        await Stats(pipeline).QueryUsageAsync(Today(""));
        await Stats(pipeline).GetSchoolStatisticsAsync(new GetSchoolStatisticsRequest { SchoolId = school.SchoolId });
        // Statistics only: the school itself stays closed to it.
        await RpcAssert.Fails(StatusCode.NotFound, () => pipeline.Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = school.SchoolId }));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => Access(pipeline).ListAnalystsAsync(new ListAnalystsRequest()), "NOT_OPERATOR");

        await Access(op).RevokeServiceAccountAsync(new RevokeServiceAccountRequest { ClientId = created.Account.ClientId });
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => Stats(pipeline).QueryUsageAsync(Today("")), "STATISTICS_DENIED", "DIS-4");
        await RpcAssert.Fails(StatusCode.Unauthenticated,
            () => anonymous.IssueServiceTokenAsync(new IssueServiceTokenRequest { ClientId = created.Account.ClientId, ClientSecret = created.ClientSecret }), "CLIENT_CREDENTIALS_INVALID");
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM district_audit WHERE subject_id = @s AND actor_id = @a", created.Account.ClientId, op.UserId));
    }

    [Fact]
    public async Task DIS_4_WatchUsage_delivers_closed_minutes_and_resumes_from_a_cursor_without_repeats()
    {
        var (school, chat) = await SchoolAsync(students: 5);
        foreach (var student in school.Students) await SayAsync(student, chat.ChatId, "на уроке");
        await CaughtUpAsync(school.SchoolId);
        var sentIn = new DateTimeOffset(Server.Clock.GetUtcNow().Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        Server.Clock.Advance(TimeSpan.FromMinutes(1.5));

        string cursor;
        using (var watch = Stats(school.Admin).WatchUsage(new WatchUsageRequest { SchoolId = school.SchoolId, Cursor = (sentIn.ToUnixTimeMilliseconds() - 60_000).ToString() }))
        {
            Assert.True(await watch.ResponseStream.MoveNext());
            var bucket = watch.ResponseStream.Current;
            Assert.Equal(sentIn, bucket.BucketStart.ToDateTimeOffset());
            Assert.Equal(5, bucket.Cells.Single(c => c.Metric == "message_sent").Value);
            Assert.Equal(5, bucket.Cells.Single(c => c.Metric == "active_members").Value);
            cursor = bucket.Cursor;
        }

        await SayAsync(school.Students[0], chat.ChatId, "ещё одно");
        var laterMinute = new DateTimeOffset(Server.Clock.GetUtcNow().Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        Server.Clock.Advance(TimeSpan.FromMinutes(1));
        using (var resumed = Stats(school.Admin).WatchUsage(new WatchUsageRequest { SchoolId = school.SchoolId, Cursor = cursor }))
        {
            // Every minute after the cursor, once and in order, up to the one with the new message.
            var expected = sentIn.AddMinutes(1);
            WatchUsageResponse next;
            do
            {
                Assert.True(await resumed.ResponseStream.MoveNext());
                next = resumed.ResponseStream.Current;
                Assert.Equal(expected, next.BucketStart.ToDateTimeOffset());
                expected = expected.AddMinutes(1);
            }
            while (next.BucketStart.ToDateTimeOffset() < laterMinute);

            // One member behind it: below k, so the minute's figure is suppressed.
            Assert.True(next.Cells.Single(c => c.Metric == "message_sent").Suppressed);
        }
    }

    [Fact]
    public async Task DIS_4_an_answer_over_closed_buckets_is_kept_and_one_reaching_into_open_buckets_is_read_afresh()
    {
        var (school, chat) = await SchoolAsync(students: 5);
        foreach (var student in school.Students) await SayAsync(student, chat.ChatId, "перемена");
        await CaughtUpAsync(school.SchoolId);
        var sentIn = new DateTimeOffset(Server.Clock.GetUtcNow().Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        Server.Clock.Advance(TimeSpan.FromMinutes(1.5));
        using (var watch = Stats(school.Admin).WatchUsage(new WatchUsageRequest { SchoolId = school.SchoolId, Cursor = (sentIn.ToUnixTimeMilliseconds() - 60_000).ToString() },
                   deadline: DateTime.UtcNow.AddMinutes(2)))
        {
            Assert.True(await watch.ResponseStream.MoveNext());
            Assert.Equal(sentIn, watch.ResponseStream.Current.BucketStart.ToDateTimeOffset());
        }

        var closed = new QueryUsageRequest
        {
            SchoolId = school.SchoolId,
            From = Timestamp.FromDateTimeOffset(sentIn),
            To = Timestamp.FromDateTimeOffset(sentIn.AddMinutes(1)),
            Bucket = UsageBucket.Minute,
            Metrics = { "message_sent" },
        };
        Assert.Equal(5, (await Stats(school.Admin).QueryUsageAsync(closed)).Cells.Single().Value);

        // The cells change underneath (no aggregator ever does this to a closed bucket): the kept answer stands...
        await using (var db = NpgsqlDataSource.Create(Server.ConnectionString))
        {
            await using var erase = db.CreateCommand("DELETE FROM usage_cells WHERE school_id = @s");
            erase.Parameters.AddWithValue("s", school.SchoolId);
            Assert.True(await erase.ExecuteNonQueryAsync() > 0);
        }

        Assert.Equal(5, (await Stats(school.Admin).QueryUsageAsync(closed)).Cells.Single().Value);
        // ...while a range reaching into buckets still open is read afresh every time.
        var open = closed.Clone();
        open.To = Timestamp.FromDateTimeOffset(Server.Clock.GetUtcNow().AddHours(1));
        Assert.DoesNotContain((await Stats(school.Admin).QueryUsageAsync(open)).Cells, c => c.Value > 0);
    }

    [Fact]
    public async Task DIS_4_the_read_only_role_sees_the_suppressed_views_and_nothing_else()
    {
        var (school, chat) = await SchoolAsync(students: 5);
        for (var i = 0; i < 4; i++) await SayAsync(school.Students[i], chat.ChatId, "hi");
        await CaughtUpAsync(school.SchoolId);
        var login = "bi_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = NpgsqlDataSource.Create(Server.ConnectionString))
        {
            await using var create = admin.CreateCommand($"CREATE ROLE {login} LOGIN IN ROLE sferum_readonly");
            await create.ExecuteNonQueryAsync();
        }

        var bi = new NpgsqlConnectionStringBuilder(Server.ConnectionString) { Username = login, Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(bi);
        await connection.OpenAsync();
        await using (var view = new NpgsqlCommand("SELECT value, suppressed FROM usage_hourly WHERE school_id = @s AND metric = 'message_sent' AND role = 'student' AND grade IS NULL AND chat_kind IS NULL", connection))
        {
            view.Parameters.AddWithValue("s", school.SchoolId);
            await using var reader = await view.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.True(reader.IsDBNull(0));
            Assert.True(reader.GetBoolean(1));
        }

        await using var raw = new NpgsqlCommand("SELECT count(*) FROM usage_cells", connection);
        var denied = await Assert.ThrowsAsync<PostgresException>(() => raw.ExecuteScalarAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }

    private async Task<long> CountAsync(string sql, string subject, string actor)
    {
        await using var db = NpgsqlDataSource.Create(Server.ConnectionString);
        await using var command = db.CreateCommand(sql);
        command.Parameters.AddWithValue("s", subject);
        command.Parameters.AddWithValue("a", actor);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
