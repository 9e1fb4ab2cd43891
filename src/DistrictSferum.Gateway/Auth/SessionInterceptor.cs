using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Statistics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace DistrictSferum.Gateway.Auth;

/// <summary>
/// Every call with an access token also needs its session alive (<see cref="SessionLiveness"/>). An open server
/// stream is watched while it runs: when its session is revoked or its access token expires it ends with
/// UNAUTHENTICATED; the client refreshes (or signs in) and resumes from its positions.
/// </summary>
public sealed class SessionInterceptor(SessionLiveness liveness, [FromKeyedServices(Clocks.Domain)] TimeProvider clock) : Interceptor
{
    /// <summary>Whether every call checks its session (default true; false only on a Development server, for a benchmark baseline).</summary>
    public const string CheckSetting = "Identity:Sessions:CheckEveryCall";

    private const string StreamTokenKey = "sferum.stream-token";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await RequireLiveSessionAsync(context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (await RequireLiveSessionAsync(context) is not { } session)
        {
            await continuation(request, responseStream, context);
            return;
        }

        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        context.GetHttpContext().Items[StreamTokenKey] = ended.Token;
        using var stopWatching = new CancellationTokenSource();
        var stop = new StreamStop();
        var watch = WatchAsync(session, stop, ended, stopWatching.Token);
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (OperationCanceledException) when (stop.Reason is { } reason)
        {
            throw reason;
        }
        finally
        {
            await stopWatching.CancelAsync();
            await watch;
        }

        if (stop.Reason is { } late) throw late;
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await RequireLiveSessionAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await RequireLiveSessionAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    /// <summary>The token a streaming handler should stop on: the call's own, ended early when its session ends.</summary>
    public static CancellationToken StreamToken(ServerCallContext context) =>
        context.GetHttpContext().Items.TryGetValue(StreamTokenKey, out var token) && token is CancellationToken ended ? ended : context.CancellationToken;

    private sealed record CallSession(string UserId, string SessionId, DateTimeOffset AccessExpiresAt);

    private async Task<CallSession?> RequireLiveSessionAsync(ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        if (user.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is not { Length: > 0 } userId) return null; // anonymous: sign-in and health
        // A service account holds a short access token and no session; its revocation is checked by the statistics access grain.
        if (userId.StartsWith(UsageKinds.ServiceAccountPrefix, StringComparison.Ordinal)) return null;
        if (user.FindFirst(JwtRegisteredClaimNames.Sid)?.Value is not { Length: > 0 } sessionId)
            throw DomainException.Unauthenticated(IdentityErrors.SessionRequired, "The access token belongs to no session; sign in again.");
        if (!await liveness.IsAliveAsync(userId, sessionId)) throw Revoked();
        var expires = long.TryParse(user.FindFirst(JwtRegisteredClaimNames.Exp)?.Value, out var exp)
            ? DateTimeOffset.FromUnixTimeSeconds(exp)
            : DateTimeOffset.MaxValue;
        return new CallSession(userId, sessionId, expires);
    }

    private sealed class StreamStop
    {
        public volatile DomainException? Reason;
    }

    /// <summary>Checks the stream's session every <see cref="SessionLiveness.CheckInterval"/>; ends the stream when it must.</summary>
    private async Task WatchAsync(CallSession session, StreamStop stop, CancellationTokenSource ended, CancellationToken stopWatching)
    {
        using var timer = new PeriodicTimer(liveness.CheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopWatching))
            {
                try
                {
                    if (clock.GetUtcNow() >= session.AccessExpiresAt)
                        stop.Reason = DomainException.Unauthenticated(IdentityErrors.TokenExpired, "The access token expired; refresh it and resume from your positions.");
                    else if (!await liveness.IsAliveAsync(session.UserId, session.SessionId))
                        stop.Reason = Revoked();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    continue; // the cluster could not answer this time; the next tick asks again
                }

                if (stop.Reason is null) continue;
                await ended.CancelAsync();
                return;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static DomainException Revoked() =>
        DomainException.Unauthenticated(IdentityErrors.SessionRevoked, "The session was signed out or has expired; sign in again.");
}
