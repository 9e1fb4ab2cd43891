using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;
using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;

namespace DistrictSferum.Gateway.Auth;

public static class CallerExtensions
{
    /// <summary>The acting user, from the verified access token only.</summary>
    public static Actor Actor(this ServerCallContext context) =>
        context.GetHttpContext().User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { Length: > 0 } userId
            ? new Actor(userId)
            : throw DomainException.Unauthenticated(IdentityErrors.TokenRequired, "A valid access token is required.");

    /// <summary>The session of the verified access token.</summary>
    public static string SessionId(this ServerCallContext context) =>
        context.GetHttpContext().User.FindFirst(JwtRegisteredClaimNames.Sid)?.Value is { Length: > 0 } sessionId
            ? sessionId
            : throw DomainException.Unauthenticated(IdentityErrors.SessionRequired, "The access token belongs to no session; sign in again.");

    /// <summary>The client as this gateway sees it, for its owner to recognise the session.</summary>
    public static SessionClient Client(this ServerCallContext context, string deviceLabel)
    {
        var http = context.GetHttpContext();
        return new SessionClient(deviceLabel, http.Connection.RemoteIpAddress?.ToString() ?? "", http.Request.Headers.UserAgent.ToString());
    }
}
