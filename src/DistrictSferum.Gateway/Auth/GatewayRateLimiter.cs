using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Options;
using DistrictSferum.Gateway.Errors;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DistrictSferum.Gateway.Auth;

/// <summary>Limits of the sign-in service (configuration section "Identity:RateLimit").</summary>
public sealed class SignInRateLimitOptions
{
    public const string Section = "Identity:RateLimit";

    /// <summary>AuthService calls one client address may make per <see cref="Window"/> (a school's NAT is one address).</summary>
    [Range(1, int.MaxValue)]
    public int PerAddressPermits { get; set; } = 60;

    /// <summary>AuthService calls of all clients together per <see cref="Window"/>: a ceiling on code messages sent.</summary>
    [Range(1, int.MaxValue)]
    public int GlobalPermits { get; set; } = 1200;

    [Positive]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The gateway's rate limits, before any call reaches a service: AuthService per client address and in all, every
/// mutating call per user (<see cref="CallRateLimits"/>). A refused call is answered as gRPC RESOURCE_EXHAUSTED
/// (SIGN_IN_RATE_LIMITED or CALL_RATE_LIMITED) with a google.rpc.RetryInfo and a retry-after header.
/// The limiters are this server's own and stop with it. (ASP.NET Core's rate limiting middleware keeps a limiter
/// it never disposes, whose timer holds the whole stopped server in memory: a test run of many servers grew to
/// 10 GB and paused seconds for garbage collection.)
/// </summary>
public sealed class GatewayRateLimiter : IAsyncDisposable, IDisposable
{
    private const string AuthServicePath = "/districtsferum.v1.AuthService";
    private readonly PartitionedRateLimiter<string> perAddress;
    private readonly RateLimiter signInTotal;
    private readonly PartitionedRateLimiter<string>? perUser;

    public GatewayRateLimiter(IOptions<SignInRateLimitOptions> signIn, IOptions<CallRateLimitOptions> calls)
    {
        var limits = signIn.Value;
        perAddress = PartitionedRateLimiter.Create<string, string>(address =>
            RateLimitPartition.GetFixedWindowLimiter(address, _ => Window(limits.PerAddressPermits, limits.Window)));
        signInTotal = new FixedWindowRateLimiter(Window(limits.GlobalPermits, limits.Window));
        if (CallRateLimits.Bucket(calls.Value) is { } bucket)
            perUser = PartitionedRateLimiter.Create<string, string>(userId => RateLimitPartition.GetTokenBucketLimiter(userId, _ => bucket));
    }

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (http.Request.Path.StartsWithSegments(AuthServicePath))
        {
            using var fromAddress = perAddress.AttemptAcquire(http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            if (!fromAddress.IsAcquired)
            {
                Refuse(http, fromAddress, signIn: true);
                return;
            }

            using var inAll = signInTotal.AttemptAcquire();
            if (!inAll.IsAcquired)
            {
                Refuse(http, inAll, signIn: true);
                return;
            }
        }
        else if (perUser is not null && CallRateLimits.IsMutation(http.Request.Path) && http.User.FindFirst("sub")?.Value is { Length: > 0 } userId)
        {
            using var lease = perUser.AttemptAcquire(userId);
            if (!lease.IsAcquired)
            {
                Refuse(http, lease, signIn: false);
                return;
            }
        }

        await next(http);
    }

    public async ValueTask DisposeAsync()
    {
        await perAddress.DisposeAsync();
        await signInTotal.DisposeAsync();
        if (perUser is not null) await perUser.DisposeAsync();
    }

    public void Dispose()
    {
        perAddress.Dispose();
        signInTotal.Dispose();
        perUser?.Dispose();
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = Math.Max(1, permits), Window = window, QueueLimit = 0, AutoReplenishment = true };

    private static void Refuse(HttpContext http, RateLimitLease lease, bool signIn)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var refusal = signIn
            ? DomainException.Exhausted(IdentityErrors.SignInRateLimited, $"Too many sign-in requests; retry in {seconds} s.", TimeSpan.FromSeconds(seconds))
            : CallRateLimits.Refusal(seconds);
        var status = DomainErrorInterceptor.ToStatus(refusal);

        // A trailers-only gRPC answer: the status travels in the headers of an HTTP 200 without a body.
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)Grpc.Core.StatusCode.ResourceExhausted).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
        response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray()).TrimEnd('=');
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
    }
}

public static class GatewayRateLimits
{
    public static IServiceCollection AddGatewayRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SignInRateLimitOptions>(configuration, SignInRateLimitOptions.Section);
        services.AddValidatedOptions<CallRateLimitOptions>(configuration, CallRateLimitOptions.Section);
        services.AddSingleton<StreamQuota>();
        services.AddSingleton<GatewayRateLimiter>();
        return services;
    }

    /// <summary>After authentication (the per-user limit needs the caller), before the endpoints.</summary>
    public static IApplicationBuilder UseGatewayRateLimits(this IApplicationBuilder app)
    {
        var limiter = app.ApplicationServices.GetRequiredService<GatewayRateLimiter>();
        return app.Use(next => http => limiter.InvokeAsync(http, next));
    }
}
