using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;

namespace DistrictSferum.Gateway.Auth;

public static class CallerExtensions
{
    /// <summary>The acting user, from the verified access token only.</summary>
    public static Actor Actor(this ServerCallContext context) =>
        context.GetHttpContext().User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { Length: > 0 } userId
            ? new Actor(userId)
            : throw DomainException.Unauthenticated("TOKEN_REQUIRED", "A valid access token is required.");
}
