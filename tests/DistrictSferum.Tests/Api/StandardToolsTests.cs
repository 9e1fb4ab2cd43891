using System.Net;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Grpc.Reflection.V1Alpha;

namespace DistrictSferum.Tests.Api;

/// <summary>
/// Standard tools reach the API without our code: server reflection (grpcurl, Postman, grpcui list and call the
/// services without the protos) and gRPC-Web for browsers, with CORS from configuration.
/// </summary>
public sealed class StandardToolsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerHost Server => fixture.Server;

    [Fact]
    public async Task DIS_5_server_reflection_lists_every_service_and_describes_them_without_a_token()
    {
        var reflection = new ServerReflection.ServerReflectionClient(Server.Channel);
        using var call = reflection.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        Assert.True(await call.ResponseStream.MoveNext());
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "districtsferum.v1.ChatService" });
        Assert.True(await call.ResponseStream.MoveNext());
        var files = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto
            .Select(Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom).ToList();
        await call.RequestStream.CompleteAsync();

        var ours = typeof(ChatService).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor")?.GetValue(null))
            .OfType<Google.Protobuf.Reflection.ServiceDescriptor>()
            .Select(d => d.FullName)
            .ToList();
        Assert.NotEmpty(ours);
        Assert.All(ours, name => Assert.Contains(name, services));
        Assert.Contains("grpc.health.v1.Health", services);
        var chats = Assert.Single(files, f => f.Name == "districtsferum/v1/chats.proto");
        Assert.Contains(chats.Service.Single().Method, m => m.Name == "SendMessage" && m.InputType == ".districtsferum.v1.SendMessageRequest");
    }

    [Fact]
    public async Task A_grpc_web_client_signs_in_calls_with_its_token_and_reads_error_details()
    {
        using var channel = WebChannel(GrpcWebMode.GrpcWebText);
        var session = await Server.SignInAsync("+79997770001");
        var users = new UserService.UserServiceClient(channel);
        var bearer = new Metadata { { "authorization", "Bearer " + session.Tokens.AccessToken } };

        var me = (await users.GetMeAsync(new GetMeRequest(), bearer)).Me;
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await new SchoolService.SchoolServiceClient(channel).GetSchoolAsync(new GetSchoolRequest { SchoolId = "../x" }, bearer));
        var anonymous = await Assert.ThrowsAsync<RpcException>(async () => await users.GetMeAsync(new GetMeRequest()));

        Assert.Equal(session.UserId, me.UserId);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal("school_id", Assert.Single(refused.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_grpc_web_client_receives_a_server_stream()
    {
        using var channel = WebChannel(GrpcWebMode.GrpcWeb);
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var sent = await school.Teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "web-1", Body = "Через браузер" });
        var chats = new ChatService.ChatServiceClient(channel);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var call = chats.Subscribe(new SubscribeRequest { Positions = { new ChatPosition { ChatId = chat.ChatId, LastSeq = 0 } } },
            new Metadata { { "authorization", "Bearer " + school.Students[0].Tokens.AccessToken } }, cancellationToken: deadline.Token);
        var bodies = new List<string>();
        while (await call.ResponseStream.MoveNext(deadline.Token) && call.ResponseStream.Current.UpdateCase != SubscribeResponse.UpdateOneofCase.CaughtUp)
            bodies.Add(call.ResponseStream.Current.Event.Body);

        Assert.Contains("Через браузер", bodies);
        Assert.True(sent.Seq > 0);
    }

    [Fact]
    public async Task CORS_admits_only_the_configured_origins_and_exposes_the_grpc_status_headers()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Server.WebPort}") };

        var allowed = await PreflightAsync(http, ServerHost.BrowserOrigin);
        var foreign = await PreflightAsync(http, "https://evil.example.org");
        using var call = new HttpRequestMessage(HttpMethod.Post, "/districtsferum.v1.AuthService/RequestCode")
        {
            Content = new ByteArrayContent([0, 0, 0, 0, 0]) { Headers = { { "Content-Type", "application/grpc-web" } } },
            Headers = { { "Origin", ServerHost.BrowserOrigin } },
        };
        using var response = await http.SendAsync(call);

        Assert.Equal(ServerHost.BrowserOrigin, Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var exposed = string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers")).ToLowerInvariant();
        Assert.Contains("grpc-status-details-bin", exposed);
        Assert.Contains("grpc-status", exposed);
    }

    private static async Task<HttpResponseMessage> PreflightAsync(HttpClient http, string origin)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/districtsferum.v1.UserService/GetMe")
        {
            Headers =
            {
                { "Origin", origin },
                { "Access-Control-Request-Method", "POST" },
                { "Access-Control-Request-Headers", "authorization,content-type,x-grpc-web,x-user-agent" },
            },
        };
        return await http.SendAsync(preflight);
    }

    private GrpcChannel WebChannel(GrpcWebMode mode) =>
        GrpcChannel.ForAddress($"http://127.0.0.1:{Server.WebPort}", new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(mode, new HttpClientHandler()),
            HttpVersion = HttpVersion.Version11,
        });
}
