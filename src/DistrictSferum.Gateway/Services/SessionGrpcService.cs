using DistrictSferum.Contracts.Identity;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace DistrictSferum.Gateway.Services;

public sealed class SessionGrpcService(IGrainFactory grains, SessionLiveness liveness) : SessionService.SessionServiceBase
{
    public override async Task<LogoutResponse> Logout(LogoutRequest request, ServerCallContext context)
    {
        var actor = context.Actor();
        var sessionId = context.SessionId();
        await Sessions(actor.UserId).Revoke(actor, sessionId, null);
        liveness.Forget(sessionId);
        return new LogoutResponse();
    }

    public override async Task<ListSessionsResponse> ListSessions(ListSessionsRequest request, ServerCallContext context)
    {
        var actor = context.Actor();
        var current = context.SessionId();
        var sessions = await Sessions(Owner(request.UserId, context)).List(actor, OptionalKey(request.SchoolId, "school_id"));
        return new ListSessionsResponse
        {
            Sessions =
            {
                sessions.Select(s => new SignInSession
                {
                    SessionId = s.SessionId, DeviceLabel = s.DeviceLabel, Ip = s.Ip, UserAgent = s.UserAgent,
                    CreatedAt = s.CreatedAt.ToTimestamp(), LastUsedAt = s.LastUsedAt.ToTimestamp(), ExpiresAt = s.ExpiresAt.ToTimestamp(),
                    Current = s.SessionId == current,
                }),
            },
        };
    }

    public override async Task<RevokeSessionResponse> RevokeSession(RevokeSessionRequest request, ServerCallContext context)
    {
        var sessionId = GrainKeys.Require(request.SessionId, "session_id");
        await Sessions(Owner(request.UserId, context)).Revoke(context.Actor(), sessionId, OptionalKey(request.SchoolId, "school_id"));
        liveness.Forget(sessionId);
        return new RevokeSessionResponse();
    }

    public override async Task<SignOutEverywhereResponse> SignOutEverywhere(SignOutEverywhereRequest request, ServerCallContext context)
    {
        var revoked = await Sessions(Owner(request.UserId, context)).RevokeAll(context.Actor(), OptionalKey(request.SchoolId, "school_id"));
        foreach (var sessionId in revoked) liveness.Forget(sessionId);
        return new SignOutEverywhereResponse { Revoked = revoked.Count };
    }

    private static string Owner(string userId, ServerCallContext context) =>
        userId is { Length: > 0 } ? GrainKeys.Require(userId, "user_id") : context.Actor().UserId;

    private static string? OptionalKey(string value, string field) => value is { Length: > 0 } ? GrainKeys.Require(value, field) : null;

    private IUserSessionsGrain Sessions(string userId) => grains.GetGrain<IUserSessionsGrain>(userId);
}
