using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using DistrictSferum.Contracts.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace DistrictSferum.Gateway.Auth;

/// <summary>Per-user limits of the gateway (configuration section "Gateway:RateLimit").</summary>
public sealed class CallRateLimitOptions
{
    public const string Section = "Gateway:RateLimit";

    /// <summary>Tokens a user's bucket of mutating calls regains per second (0: no limit).</summary>
    [Range(0.0, double.MaxValue)]
    public double MutationsPerSecond { get; set; } = 20;

    /// <summary>The bucket's size: how many mutating calls a user may make at once after a quiet spell.</summary>
    [Range(1, int.MaxValue)]
    public int MutationBurst { get; set; } = 100;

    /// <summary>Server streams (Subscribe, Watch...) one user may hold open on one server at once (0: no limit).</summary>
    [Range(0, int.MaxValue)]
    public int StreamsPerUser { get; set; } = 16;
}

/// <summary>
/// Issue 9: every mutating call is metered per user: a token bucket per user (the token's subject) over every RPC
/// that changes something, so reads stay free; a refused call is RESOURCE_EXHAUSTED <c>CALL_RATE_LIMITED</c>
/// (<see cref="GatewayRateLimiter"/>). The grains' own limits (sends per chat, sign-in codes) stay where they are.
/// </summary>
public static class CallRateLimits
{
    /// <summary>Method names that only read (their prefix, or the whole name); everything else is a mutation.</summary>
    private static readonly string[] ReadPrefixes = ["Get", "List", "Search", "Watch", "Subscribe", "Query", "Preview", "Download", "Export"];
    private static readonly HashSet<string> Reads = ["VerifyAudit", "VerifyAdminAudit"];

    /// <summary>A user's bucket, or none when mutations are not limited.</summary>
    public static TokenBucketRateLimiterOptions? Bucket(CallRateLimitOptions limits)
    {
        if (limits.MutationsPerSecond <= 0) return null;
        var tokensPerPeriod = Math.Max(1, (int)Math.Ceiling(limits.MutationsPerSecond / 10));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, limits.MutationBurst),
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokensPerPeriod / limits.MutationsPerSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    /// <summary>"/districtsferum.v1.ChatService/SendMessage": a mutation unless the method only reads. AuthService has its own limits.</summary>
    public static bool IsMutation(PathString path)
    {
        var value = path.Value ?? "";
        if (!value.StartsWith("/districtsferum.v1.", StringComparison.Ordinal) || value.StartsWith("/districtsferum.v1.AuthService/", StringComparison.Ordinal)) return false;
        var method = value[(value.LastIndexOf('/') + 1)..];
        return !Reads.Contains(method) && !ReadPrefixes.Any(p => method.StartsWith(p, StringComparison.Ordinal));
    }

    public static DomainException Refusal(int seconds) =>
        DomainException.Exhausted(CommonErrors.CallRateLimited, $"Too many changes in a short time; retry in {seconds} s.", TimeSpan.FromSeconds(seconds));
}

/// <summary>Issue 9: a per-user cap on the server streams open on this server (one user cannot hold a silo's streams).</summary>
public sealed class StreamQuota(IOptions<CallRateLimitOptions> options)
{
    private readonly ConcurrentDictionary<string, int> open = new();

    public IDisposable Enter(string userId)
    {
        var cap = options.Value.StreamsPerUser;
        var now = open.AddOrUpdate(userId, 1, (_, n) => n + 1);
        var lease = new Lease(this, userId);
        if (cap > 0 && now > cap)
        {
            lease.Dispose();
            throw DomainException.Exhausted(CommonErrors.TooManyStreams, $"At most {cap} open streams per user on one server; close one first.", TimeSpan.FromSeconds(5));
        }

        return lease;
    }

    private void Leave(string userId)
    {
        if (open.AddOrUpdate(userId, 0, (_, n) => n - 1) <= 0) open.TryRemove(new KeyValuePair<string, int>(userId, 0));
    }

    private sealed class Lease(StreamQuota quota, string userId) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) quota.Leave(userId);
        }
    }
}
