using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Options;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Gateway.Chats;
using DistrictSferum.Gateway.Errors;
using DistrictSferum.Gateway.Services;
using DistrictSferum.Gateway.Shutdown;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DistrictSferum.Gateway;

public static class GatewayExtensions
{
    /// <summary>gRPC with the error interceptor, JWT bearer authentication and the token service.</summary>
    public static IServiceCollection AddSferumGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<JwtOptions>(configuration, JwtOptions.Section)
            .Validate(o => TryKey(o), "Jwt:SigningKey must be base64 of at least 32 bytes.");
        services.AddSingleton<TokenService>();
        services.AddSingleton<SessionLiveness>();
        services.AddSingleton<SessionInterceptor>();
        services.AddValidatedOptions<StreamOptions>(configuration, StreamOptions.Section);
        services.AddSingleton<ChatFanout>();
        services.AddSingleton<DistrictSferum.Contracts.Chats.IChatEventSink>(sp => sp.GetRequiredService<ChatFanout>());
        services.AddGrpc(o =>
        {
            o.Interceptors.Add<DomainErrorInterceptor>();
            o.Interceptors.Add<StreamShutdownInterceptor>();
            o.Interceptors.Add<StreamQuotaInterceptor>();
            // Off only for the benchmark's same-run baseline (bench.sh --sessions); the server refuses it outside Development.
            if (configuration.GetValue(SessionInterceptor.CheckSetting, true)) o.Interceptors.Add<SessionInterceptor>();
            o.MaxReceiveMessageSize = 4 * 1024 * 1024;
        }).AddServiceOptions<Services.StatisticsGrpcService>(o =>
        {
            // Statistics answers are large and repetitive (a year of hourly cells is ~0.5 MB): compressed, they fit a
            // client's first HTTP/2 flow-control window instead of waiting on one window update after another.
            o.ResponseCompressionAlgorithm = "gzip";
            o.ResponseCompressionLevel = System.IO.Compression.CompressionLevel.Fastest;
        });
        services.AddGrpcHealthChecks();
        services.AddGrpcReflection();
        AddCors(services, configuration);

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>, IServiceProvider>((bearer, jwt, services) =>
            {
                var clock = services.GetRequiredKeyedService<TimeProvider>(Clocks.Domain);
                bearer.MapInboundClaims = false;
                bearer.TokenHandlers.Clear();
                bearer.TokenHandlers.Add(new CachingTokenHandler { MapInboundClaims = false });
                bearer.TokenValidationParameters = TokenService.ValidationFor(jwt.Value, jwt.Value.Audience, clock);
            });
        services.AddAuthorization();
        services.AddGatewayRateLimits(configuration);
        return services;
    }

    /// <summary>gRPC-Web (for browsers) on every service and CORS for the configured origins; call before the endpoints.</summary>
    public static IApplicationBuilder UseSferumGateway(this IApplicationBuilder app)
    {
        app.UseCors();
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        return app;
    }

    /// <summary>
    /// Every service needs an access token except sign-in (marked anonymous), health and server reflection (which
    /// describes only the public protos, so grpcurl, Postman and grpcui work without them).
    /// </summary>
    public static IEndpointRouteBuilder MapSferumGateway(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<AuthGrpcService>().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcService<DistrictGrpcService>().RequireAuthorization().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcService<SchoolGrpcService>().RequireAuthorization().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcService<UserGrpcService>().RequireAuthorization().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcService<ClassGrpcService>().RequireAuthorization().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcService<InviteGrpcService>().RequireAuthorization().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcService<MemberGrpcService>().RequireAuthorization().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcService<ChatGrpcService>().RequireAuthorization().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcService<ModerationGrpcService>().RequireAuthorization().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcService<StatisticsGrpcService>().RequireAuthorization().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcService<Statistics.StatisticsAccessGrpcService>().RequireAuthorization().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcService<Meetings.MeetingGrpcService>().RequireAuthorization().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcService<SessionGrpcService>().RequireAuthorization().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcService<AdminAuditGrpcService>().RequireAuthorization().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcService<Polls.PollGrpcService>().RequireAuthorization().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcService<Files.FileGrpcService>().RequireAuthorization().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcService<Personal.PersonalMessageGrpcService>().RequireAuthorization().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcService<Districts.SchoolOversightGrpcService>().RequireAuthorization().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcService<Communities.CommunityGrpcService>().RequireAuthorization().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcService<Support.SupportGrpcService>().RequireAuthorization().RequireCors(GatewayCorsOptions.PolicyName);
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }

    private static void AddCors(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<GatewayCorsOptions>(configuration, GatewayCorsOptions.Section)
            .Validate(o => o.AllowedOrigins.All(IsOrigin), "Gateway:Cors:AllowedOrigins holds exact origins such as https://app.example.org.");
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<GatewayCorsOptions>>((cors, gateway) =>
            cors.AddPolicy(GatewayCorsOptions.PolicyName, policy => policy
                .WithOrigins(gateway.Value.AllowedOrigins)
                .AllowAnyHeader()
                .WithMethods("POST", "OPTIONS")
                .SetPreflightMaxAge(gateway.Value.PreflightMaxAge)
                // A browser client reads the status and the error details (ErrorInfo, BadRequest, RetryInfo) from these.
                .WithExposedHeaders("grpc-status", "grpc-message", "grpc-status-details-bin")));
    }

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && uri.GetLeftPart(UriPartial.Authority).Equals(origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static bool TryKey(JwtOptions options)
    {
        try
        {
            TokenService.KeyOf(options);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
