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
}
