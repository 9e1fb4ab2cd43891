using System.Security.Cryptography;
using DistrictSferum.Grains.Identity;
using DistrictSferum.Protos.V1;
using DistrictSferum.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DistrictSferum.Tests.Infrastructure;

/// <summary>
/// A real DistrictSferum server in this process: real Kestrel on free loopback ports, a real silo clustered on a
/// real PostgreSQL database, a fake clock and captured sign-in codes.
/// </summary>
public sealed class ServerHost : IAsyncDisposable
{
    public const string OperatorPhone = "+70000000001";

    /// <summary>Connections one test server may hold (PostgreSQL's max_connections is shared by every server of the run).</summary>
    public const int TestPoolSize = 16;
    public static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The audit chain key of every test server (its own secret, not the JWT key).</summary>
    public static readonly string AuditKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private WebApplication? app;

    private ServerHost(string connectionString, FakeTimeProvider clock, CapturingCodeSender codes)
    {
        ConnectionString = connectionString;
        Clock = clock;
        Codes = codes;
    }

    public string ConnectionString { get; }

    public FakeTimeProvider Clock { get; }

    public CapturingCodeSender Codes { get; }

    public int GrpcPort { get; } = FreePort.Next();

    public int HealthPort { get; } = FreePort.Next();

    public int SiloPort { get; } = FreePort.Next();

    /// <summary>gRPC-Web (HTTP/1.1) for browser clients.</summary>
    public int WebPort { get; } = FreePort.Next();

    /// <summary>The one origin the test server's CORS policy admits.</summary>
    public const string BrowserOrigin = "https://app.sferum.test";

    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>The server's services: its grain factory, for tests that stand in for a timer.</summary>
    public IServiceProvider Services => app?.Services ?? throw new InvalidOperationException("The server is not running.");

    public string Address => $"http://127.0.0.1:{GrpcPort}";

    public static async Task<ServerHost> StartAsync(
        string connectionString, FakeTimeProvider? clock = null, CapturingCodeSender? codes = null, IDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        clock ??= new FakeTimeProvider(DateTimeOffset.UtcNow);
        codes ??= new CapturingCodeSender();
        for (var attempt = 1; ; attempt++)
        {
            var host = new ServerHost(connectionString, clock, codes);
            try
            {
                await host.StartAsync(settings, configure);
                return host;
            }
            catch (Exception e) when (FreePort.IsAddressInUse(e) && attempt < 5)
            {
                // A port found free was taken before the server bound it (tests run in parallel): try other ports.
                // The host never finished starting, so it is only disposed (stopping a silo that never ran throws).
                await host.AbandonAsync();
            }
        }
    }

    private async Task StartAsync(IDictionary<string, string?>? settings, Action<WebApplicationBuilder>? configure)
    {
        var config = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sferum"] = ConnectionString,
            ["Server:ListenAddress"] = "127.0.0.1",
            ["Server:GrpcPort"] = GrpcPort.ToString(),
            ["Server:HealthPort"] = HealthPort.ToString(),
            ["Server:WebPort"] = WebPort.ToString(),
            ["Gateway:Cors:AllowedOrigins:0"] = BrowserOrigin,
            ["Orleans:SiloPort"] = SiloPort.ToString(),
            ["Jwt:SigningKey"] = SigningKey,
            ["Audit:ChainKey"] = AuditKey,
            ["Bootstrap:OperatorContact"] = OperatorPhone,
            // Test classes run servers side by side on one PostgreSQL: each keeps to a small share of its connections.
            ["Database:MaxPoolSize"] = TestPoolSize.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
            // Tests move the rules' clock by days; tokens must outlive that (the expiry test makes its own).
            ["Jwt:AccessLifetime"] = "365.00:00:00",
            ["Identity:Sessions:IdleLifetime"] = "365.00:00:00",
            // Every test client is 127.0.0.1: the per-address sign-in limit is tested on its own server.
            ["Identity:RateLimit:PerAddressPermits"] = "100000",
            ["Identity:RateLimit:GlobalPermits"] = "100000",
            // Tests build schools and send bursts as one user; the per-user metering is tested on its own server.
            ["Gateway:RateLimit:MutationsPerSecond"] = "0",
            ["Gateway:RateLimit:StreamsPerUser"] = "0",
            ["Identity:Delivery:Mode"] = "Development",
            ["Identity:Sessions:AbsoluteLifetime"] = "400.00:00:00",
            // No clamd behind most test servers: files are stored marked not scanned (the ClamAV tests start a real clamd).
            ["Files:Scanner"] = "none",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) config[key] = value;

        app = await SferumServer.BuildAsync([], builder =>
        {
            // A test server is a development server (its codes go to the test's capturing sender).
            builder.Environment.EnvironmentName = Microsoft.Extensions.Hosting.Environments.Development;
            builder.Configuration.AddInMemoryCollection(config);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddProvider(LogCapture.Instance);
            builder.Services.AddKeyedSingleton<TimeProvider>(DistrictSferum.Contracts.Clocks.Domain, Clock);
            builder.Services.AddSingleton<ICodeSender>(Codes);
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var delivery = app.Services.GetRequiredService<DistrictSferum.Grains.Identity.Delivery.CodeDeliveryQueue>();
        Codes.Follow(() => delivery.InFlight);
        Channel = GrpcChannel.ForAddress(Address);
        await WaitForOperatorAsync();
    }

    /// <summary>Signs in with a one-time code, as a person with that phone or e-mail would.</summary>
    public async Task<Session> SignInAsync(string contact, string childName = "")
    {
        var auth = new AuthService.AuthServiceClient(Channel);
        await auth.RequestCodeAsync(new RequestCodeRequest { Contact = contact, ChildName = childName });
        var normalized = Contracts.Identity.ContactAddress.Parse(contact).Value;
        var tokens = (await auth.SignInAsync(new SignInRequest { Contact = contact, ChildName = childName, Code = Codes.CodeFor(normalized) })).Tokens;
        return new Session(Channel, tokens);
    }

    private Session? operatorSession;

    /// <summary>The operator signs in once per server (codes are rate-limited) and again once the token expired.</summary>
    public async Task<Session> SignInOperatorAsync()
    {
        var current = operatorSession;
        if (current is not null && current.Tokens.AccessExpiresAt.ToDateTimeOffset() > Clock.GetUtcNow().AddMinutes(1)) return current;
        return operatorSession = await SignInAsync(OperatorPhone);
    }

    public async Task StopAsync()
    {
        if (app is null) return;
        Channel?.Dispose();
        try
        {
            // A graceful stop that takes longer than this is cut short (the silo leaves ungracefully), never waited out.
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await app.StopAsync(patience.Token);
        }
        finally
        {
            await app.DisposeAsync();
            app = null;
            // The Orleans providers open connections from Npgsql's global pool, which outlives the host: close its idle
            // ones now, or finished servers' connections add up to PostgreSQL's max_connections across the suite.
            Npgsql.NpgsqlConnection.ClearPool(new Npgsql.NpgsqlConnection(ConnectionString));
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task AbandonAsync()
    {
        Channel?.Dispose();
        if (app is not null) await app.DisposeAsync();
        app = null;
    }

    // The operator is bootstrapped just after start; tests begin once the district knows them.
    private Task WaitForOperatorAsync() =>
        app!.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<OperatorBootstrap>().Single()
            .Completion.WaitAsync(TimeSpan.FromSeconds(60));
}

/// <summary>A signed-in client: every call carries its access token.</summary>
public sealed class Session(GrpcChannel channel, TokenPair tokens)
{
    /// <summary>The same person through another server of the cluster.</summary>
    public Session On(GrpcChannel other) => new(other, Tokens);

    public TokenPair Tokens { get; } = tokens;

    public string UserId => Tokens.UserId;

    public CallInvoker Invoker { get; } = channel.Intercept(new TestDeadlines()).Intercept(metadata =>
    {
        metadata.Add("authorization", "Bearer " + tokens.AccessToken);
        return metadata;
    });

    public DistrictService.DistrictServiceClient District => new(Invoker);

    public SchoolService.SchoolServiceClient Schools => new(Invoker);

    public UserService.UserServiceClient Users => new(Invoker);

    public ClassService.ClassServiceClient Classes => new(Invoker);

    public InviteService.InviteServiceClient Invites => new(Invoker);

    public MemberService.MemberServiceClient Members => new(Invoker);

    public ChatService.ChatServiceClient Chats => new(Invoker);

    public ModerationService.ModerationServiceClient Moderation => new(Invoker);

    public MeetingService.MeetingServiceClient Meetings => new(Invoker);

    public SessionService.SessionServiceClient Sessions => new(Invoker);

    public AdminAuditService.AdminAuditServiceClient AdminAudit => new(Invoker);

    public PollService.PollServiceClient Polls => new(Invoker);

    public FileService.FileServiceClient Files => new(Invoker);

    public PersonalMessageService.PersonalMessageServiceClient Personal => new(Invoker);

    public SupportService.SupportServiceClient Support => new(Invoker);

    public CommunityService.CommunityServiceClient Communities => new(Invoker);

    public SchoolOversightService.SchoolOversightServiceClient Oversight => new(Invoker);
}
