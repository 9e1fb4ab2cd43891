using System.Diagnostics;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;
using OpenTelemetry.Trace;
using StatusCode = Grpc.Core.StatusCode;

namespace DistrictSferum.Tests.Operations;

/// <summary>What district IT sees: the Prometheus scrape on the health port, and traces across gRPC, grains and PostgreSQL.</summary>
[Collection(MultiProcessCollection.Name)]
public sealed class TelemetryTests
{
    /// <remarks>
    /// On a server process of its own, as in a deployment: in this test process every in-process server's meters share
    /// names, and one server's meters ending take the shared metric streams out of another's scrape.
    /// </remarks>
    [Fact]
    public async Task Prometheus_scrape_on_the_health_port_lists_the_domain_metrics_after_traffic()
    {
        var postgres = await SharedPostgres.GetAsync();
        var data = Directory.CreateTempSubdirectory("sferum-metrics-").FullName;
        try
        {
            await using var server = await ServerProcess.StartAsync(await postgres.CreateDatabaseAsync("metrics"), data);
            using var channel = GrpcChannel.ForAddress(server.Address);
            var school = await SchoolScenario.CreateAsync(server, channel, students: 2);
            var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
            await using (var stream = StreamRecorder.Open(school.Students[0], (chat.ChatId, chat.LastSeq)))
            {
                await stream.UntilAsync(r => r.CaughtUp(chat.ChatId));
                var sent = await school.Teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "m1", Body = "Завтра экскурсия" });
                await stream.UntilAsync(r => r.EventsOf(chat.ChatId).Any(e => e.Seq == sent.Seq));
                Assert.Matches(@"(?m)^sferum_streams_open\{[^}]*kind=""chat""[^}]*\} 1(\s|$)", await ScrapeAsync(server.HealthPort));
            }

            // A refusal (a student may not start a group chat) and a wrong sign-in code.
            await RpcAssert.Fails(StatusCode.PermissionDenied, () => school.Students[1].Chats.CreateChatAsync(
                new CreateChatRequest { SchoolId = school.SchoolId, Kind = ChatKind.Other, Title = "Наш чат", RuleClauses = { "Без рекламы." } }));
            var auth = new AuthService.AuthServiceClient(channel);
            var contact = school.NextPhone();
            await auth.RequestCodeAsync(new RequestCodeRequest { Contact = contact });
            var wrong = server.CodeFor(Contracts.Identity.ContactAddress.Parse(contact).Value) == "000000" ? "111111" : "000000";
            await RpcAssert.Fails(StatusCode.Unauthenticated, () => auth.SignInAsync(new SignInRequest { Contact = contact, Code = wrong }));

            // The exporter answers a scrape from a short cache (300 ms): scrape until the refusal just made shows.
            bool Refused(string scrape) => scrape.Split('\n').Any(l => l.StartsWith("sferum_refusals_total{", StringComparison.Ordinal)
                && l.Contains(@"reason=""NOT_TEACHING_STAFF""", StringComparison.Ordinal) && l.Contains(@"rule=""ETH-1""", StringComparison.Ordinal));
            var scraped = await ScrapeAsync(server.HealthPort);
            for (var deadline = DateTime.UtcNow.AddSeconds(15); !Refused(scraped) && DateTime.UtcNow < deadline; scraped = await ScrapeAsync(server.HealthPort))
                await Task.Delay(200);

            foreach (var metric in new[]
                     {
                         "sferum_chat_messages_sent_total", "sferum_chat_deliveries_total", "sferum_chat_log_commit_batch_size_bucket",
                         "sferum_chat_log_commit_duration_seconds_bucket", "sferum_chat_delivery_lag_seconds_bucket", "sferum_streams_open",
                         "sferum_signin_codes_requested_total", "sferum_signin_codes_failed_total", "sferum_refusals_total",
                         "http_server_request_duration_seconds_bucket", "db_client_operation_duration_seconds_bucket",
                     })
            {
                Assert.Matches($"(?m)^{metric}[{{ ]", scraped);
            }

            Assert.True(Refused(scraped), "The student's refusal (NOT_TEACHING_STAFF, ETH-1) is not among the counted refusals:\n"
                + string.Join("\n", scraped.Split('\n').Where(l => l.StartsWith("sferum_refusals_total{", StringComparison.Ordinal))));
            Assert.Matches(@"(?m)^sferum_signin_codes_failed_total\{[^}]*outcome=""Wrong""[^}]*\} 1(\s|$)", scraped);
            // Orleans' own meter ("Microsoft.Orleans"; orleans_grains counts activations by type).
            Assert.Matches("(?m)^orleans_[a-z_]+[{ ]", scraped);
            Assert.DoesNotContain(contact, scraped);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_send_is_one_trace_from_the_grpc_call_through_the_chat_grain_to_its_postgresql_commit()
    {
        var postgres = await SharedPostgres.GetAsync();
        var spans = new List<Activity>();
        await using var server = await ServerHost.StartAsync(await postgres.CreateDatabaseAsync("traces"),
            settings: new Dictionary<string, string?> { ["Telemetry:Traces"] = "true" },
            configure: builder => builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));
        var school = await SchoolScenario.CreateAsync(server, students: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);

        var traceId = ActivityTraceId.CreateRandom();
        var traceparent = $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
        await school.Teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "traced", Body = "Трассировка" },
            new Metadata { { "traceparent", traceparent } });

        List<Activity> Trace()
        {
            lock (spans) return spans.Where(s => s.TraceId == traceId).ToList();
        }

        Activity? Find(string source) => Trace().FirstOrDefault(s => s.Source.Name == source);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Find("Microsoft.AspNetCore") is null || Find("Npgsql") is null) await Task.Delay(50, deadline.Token);

        var trace = Trace();
        var grpc = Find("Microsoft.AspNetCore")!;
        var database = Find("Npgsql")!;
        Assert.Contains("ChatService/SendMessage", grpc.DisplayName);
        var chain = Ancestors(database, trace).ToList();
        Assert.Contains(chain, s => s.Source.Name == "Microsoft.Orleans.Application" && s.DisplayName.Contains("IChatGrain", StringComparison.Ordinal));
        Assert.Contains(chain, s => s.Source.Name == "DistrictSferum" && s.DisplayName == "chat_log commit");
        Assert.Same(grpc, chain[^1]);
    }

    /// <summary>The span's parents within the captured trace, nearest first, up to the root.</summary>
    private static IEnumerable<Activity> Ancestors(Activity span, List<Activity> trace)
    {
        for (var parent = trace.FirstOrDefault(s => s.SpanId == span.ParentSpanId); parent is not null;
             parent = trace.FirstOrDefault(s => s.SpanId == parent.ParentSpanId))
        {
            yield return parent;
        }
    }

    private static async Task<string> ScrapeAsync(int healthPort)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync($"http://127.0.0.1:{healthPort}/metrics");
    }
}
