using DistrictSferum.Contracts;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Gateway.Chats;
using DistrictSferum.Gateway.Errors;
using DistrictSferum.Gateway.Services;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
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
        services.AddOptions<JwtOptions>().Bind(configuration.GetSection(JwtOptions.Section))
            .Validate(o => TryKey(o), "Jwt:SigningKey must be base64 of at least 32 bytes.")
            .ValidateOnStart();
        services.AddSingleton<TokenService>();
        services.AddSingleton<ChatFanout>();
        services.AddSingleton<DistrictSferum.Contracts.Chats.IChatEventSink>(sp => sp.GetRequiredService<ChatFanout>());
        services.AddGrpc(o =>
        {
            o.Interceptors.Add<DomainErrorInterceptor>();
            o.MaxReceiveMessageSize = 4 * 1024 * 1024;
        });
        services.AddGrpcHealthChecks();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>, IServiceProvider>((bearer, jwt, services) =>
            {
                var clock = services.GetRequiredKeyedService<TimeProvider>(Clocks.Domain);
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = TokenService.ValidationFor(jwt.Value, jwt.Value.Audience, clock);
            });
        services.AddAuthorization();
        return services;
    }

    /// <summary>Every service needs an access token except sign-in (marked anonymous) and health.</summary>
    public static IEndpointRouteBuilder MapSferumGateway(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<AuthGrpcService>();
        app.MapGrpcService<DistrictGrpcService>().RequireAuthorization();
        app.MapGrpcService<SchoolGrpcService>().RequireAuthorization();
        app.MapGrpcService<UserGrpcService>().RequireAuthorization();
        app.MapGrpcService<ClassGrpcService>().RequireAuthorization();
        app.MapGrpcService<InviteGrpcService>().RequireAuthorization();
        app.MapGrpcService<MemberGrpcService>().RequireAuthorization();
        app.MapGrpcService<ChatGrpcService>().RequireAuthorization();
        app.MapGrpcService<ModerationGrpcService>().RequireAuthorization();
        app.MapGrpcService<StatisticsGrpcService>().RequireAuthorization();
        app.MapGrpcService<Statistics.StatisticsAccessGrpcService>().RequireAuthorization();
        app.MapGrpcHealthChecksService();
        return app;
    }

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
