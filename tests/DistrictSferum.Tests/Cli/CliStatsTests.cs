using System.Globalization;
using DistrictSferum.Cli;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;

namespace DistrictSferum.Tests.Cli;

/// <summary>
/// A director's first look at the school's figures with sferumctl (ORG-14): the week's summary matches the query API,
/// a query by role comes out as CSV, live buckets follow, and a teacher is refused.
/// </summary>
public sealed class CliStatsTests(ServerFixture fixture) : CliServerTests(fixture, "sferumctl-stats-")
{
    [Fact]
    public async Task ORG_14_the_director_reads_the_week_the_query_api_agrees_and_a_teacher_is_refused()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 5);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        foreach (var student in school.Students)
            await student.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "hello", Body = "Здравствуйте!" });
        await UsageCatchUp.WaitAsync(Server, school.SchoolId, [chat.ChatId]);
        var admin = await Cli.SignInAsync(school, "admin", school.Admin);
        var today = Server.Clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // The JSON is the server's answer; its week total is what QueryUsage says for the same days.
        var week = (await admin.RunAsync("--json", "stats", "school", school.SchoolId, "--week", "--on", today)).Ok().Json();
        var sent = week.GetProperty("totals").EnumerateArray().Single(c => c.GetProperty("metric").GetString() == "message_sent");
        var query = await new StatisticsService.StatisticsServiceClient(school.Admin.Invoker).QueryUsageAsync(new QueryUsageRequest
        {
            SchoolId = school.SchoolId,
            Bucket = UsageBucket.Day,
            Metrics = { "message_sent" },
            From = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(week.GetProperty("from").GetString()!, CultureInfo.InvariantCulture)),
            To = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(week.GetProperty("to").GetString()!, CultureInfo.InvariantCulture)),
        });
        Assert.Equal(query.Cells.Where(c => !c.Suppressed).Sum(c => c.Value), CliText.Long(sent.GetProperty("value")));
        Assert.True(CliText.Long(sent.GetProperty("value")) >= 5);

        // The table a director reads: labels, the day's bar, the breakdown by role with the five students shown.
        var table = (await admin.RunAsync("stats", "school", school.SchoolId, "--on", today)).Ok().Out;
        Assert.Contains("Messages sent", table, StringComparison.Ordinal);
        Assert.Contains("█", table, StringComparison.Ordinal);
        Assert.Contains(CliText.Lines(table), l => l.Contains("student", StringComparison.Ordinal) && l.Contains(" 5 ", StringComparison.Ordinal));
        Assert.DoesNotContain(school.Students[0].UserId, table, StringComparison.Ordinal);

        // A query by role as CSV: one row per cell, the students' five messages among them.
        var from = Server.Clock.GetUtcNow().AddHours(-2).ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
        var to = Server.Clock.GetUtcNow().AddHours(2).ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
        var csv = (await admin.RunAsync("-o", "csv", "stats", "query", "--school", school.SchoolId, "--from", from, "--to", to,
            "--bucket", "hour", "--by", "role", "--metric", "message_sent")).Ok().Out;
        Assert.Contains(CliText.Lines(csv), l => l.EndsWith(",student,message_sent,5,", StringComparison.Ordinal));

        // Bad options are refused before any call.
        (await admin.RunAsync("stats", "query", "--school", school.SchoolId, "--from", from, "--by", "pupil")).Expect(ExitCodes.Usage);
        (await admin.RunAsync("stats", "school", school.SchoolId, "--week", "--month")).Expect(ExitCodes.Usage);

        // Live: the minute with the messages, once it has closed, from a cursor just before it.
        var minute = new DateTimeOffset(Server.Clock.GetUtcNow().Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        Server.Clock.Advance(TimeSpan.FromMinutes(1.5));
        var cursor = (minute.ToUnixTimeMilliseconds() - 60_000).ToString(CultureInfo.InvariantCulture);
        var live = CliText.Json((await admin.RunAsync("--json", "stats", "watch", "--school", school.SchoolId, "--cursor", cursor,
            "--count", "1", "--timeout", "60")).Ok().Out);
        Assert.Equal(minute, DateTimeOffset.Parse(live.GetProperty("bucketStart").GetString()!, CultureInfo.InvariantCulture));
        Assert.Contains(live.GetProperty("cells").EnumerateArray(),
            c => c.GetProperty("metric").GetString() == "message_sent" && CliText.Long(c.GetProperty("value")) == 5);

        // ORG-14: the figures are the administration's, not a teacher's.
        var teacher = await Cli.SignInAsync(school, "teacher", school.Teacher);
        (await teacher.RunAsync("stats", "school", school.SchoolId)).Expect(ExitCodes.PermissionDenied);
    }

    [Fact]
    public async Task DIS_4_an_operator_grants_an_analyst_who_reads_the_district_until_revoked_and_creates_a_pipeline_account()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var op = Cli.Person("operator");
        await op.LoginAsync(ServerHost.OperatorPhone);
        var contact = school.NextPhone();

        var granted = (await op.RunAsync("--json", "analyst", "grant", "--contact", contact, "--name", "Ирина Волкова")).Ok().Json();
        var analystId = granted.GetProperty("analyst").GetProperty("userId").GetString()!;
        Assert.Contains(analystId, (await op.RunAsync("analyst", "list")).Ok().Out, StringComparison.Ordinal);

        var analyst = Cli.Person("analyst");
        await analyst.LoginAsync(contact);
        var district = (await analyst.RunAsync("stats", "district", "--week")).Ok().Out;
        Assert.Contains("The district:", district, StringComparison.Ordinal);
        Assert.Contains("Metric", district, StringComparison.Ordinal);

        (await op.RunAsync("analyst", "revoke", analystId)).Ok();
        (await analyst.RunAsync("stats", "district")).Expect(ExitCodes.PermissionDenied);
        Assert.DoesNotContain(analystId, (await op.RunAsync("analyst", "list")).Ok().Out, StringComparison.Ordinal);

        // A pipeline's account: the secret is printed once and exchanges for a token until the account is revoked.
        var created = (await op.RunAsync("--json", "service-account", "create", "Superset")).Ok().Json();
        var clientId = created.GetProperty("account").GetProperty("clientId").GetString()!;
        var secret = created.GetProperty("clientSecret").GetString()!;
        var access = new StatisticsAccessService.StatisticsAccessServiceClient(Server.Channel);
        Assert.NotEmpty((await access.IssueServiceTokenAsync(new IssueServiceTokenRequest { ClientId = clientId, ClientSecret = secret })).AccessToken);
        (await op.RunAsync("service-account", "revoke", clientId)).Ok();
        Assert.Contains(CliText.Lines((await op.RunAsync("service-account", "list")).Ok().Out), l => l.Contains(clientId, StringComparison.Ordinal) && l.Contains("Superset", StringComparison.Ordinal));
        await RpcAssert.Fails(Grpc.Core.StatusCode.Unauthenticated, () => access.IssueServiceTokenAsync(new IssueServiceTokenRequest { ClientId = clientId, ClientSecret = secret }));
    }
}
