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
using Microsoft.AspNetCore.RateLimiting;
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
/// ASP.NET Core rate limiting on AuthService: per client address and one global budget. A refused call is answered
/// as gRPC RESOURCE_EXHAUSTED (reason SIGN_IN_RATE_LIMITED) with a google.rpc.RetryInfo and a retry-after header.
/// </summary>
public static class SignInRateLimits
{
    public const string Policy = "sign-in";
    private const string AuthServicePath = "/districtsferum.v1.AuthService";

    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SignInRateLimitOptions>(configuration, SignInRateLimitOptions.Section);
        services.AddValidatedOptions<CallRateLimitOptions>(configuration, CallRateLimitOptions.Section);
        services.AddSingleton<StreamQuota>();
        services.AddRateLimiter(o =>
        {
            o.OnRejected = RejectAsync;
            o.AddPolicy(Policy, http =>
            {
                var limits = Limits(http);
                var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(address, _ => Window(limits.PerAddressPermits, limits.Window));
            });
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http =>
                    http.Request.Path.StartsWithSegments(AuthServicePath)
                        ? RateLimitPartition.GetFixedWindowLimiter("sign-in-global", _ => Window(Limits(http).GlobalPermits, Limits(http).Window))
                        : RateLimitPartition.GetNoLimiter("")),
                CallRateLimits.Limiter);
        });
        return services;
    }

    private static SignInRateLimitOptions Limits(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<SignInRateLimitOptions>>().Value;

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = Math.Max(1, permits), Window = window, QueueLimit = 0, AutoReplenishment = true };

    private static ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var refusal = context.HttpContext.Request.Path.StartsWithSegments(AuthServicePath)
            ? DomainException.Exhausted(IdentityErrors.SignInRateLimited, $"Too many sign-in requests; retry in {seconds} s.", TimeSpan.FromSeconds(seconds))
            : CallRateLimits.Refusal(seconds);
        var status = DomainErrorInterceptor.ToStatus(refusal);

        // A trailers-only gRPC answer: the status travels in the headers of an HTTP 200 without a body.
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)Grpc.Core.StatusCode.ResourceExhausted).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
        response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray()).TrimEnd('=');
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ValueTask.CompletedTask;
    }
}
