using Google.Protobuf.WellKnownTypes;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Protos.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace DistrictSferum.Gateway.Services;

[AllowAnonymous]
public sealed class AuthGrpcService(IGrainFactory grains, TokenService tokens, SessionLiveness liveness, ContactKeys contacts) : AuthService.AuthServiceBase
{
    public override async Task<RequestCodeResponse> RequestCode(RequestCodeRequest request, ServerCallContext context)
    {
        var contact = ContactAddress.Parse(request.Contact, request.ChildName);
        var issued = await grains.Contact(contacts, contact).RequestCode(contact);
        return new RequestCodeResponse { ExpiresAt = issued.ExpiresAt.ToTimestamp(), CodeLength = issued.CodeLength };
    }

    public override async Task<SignInResponse> SignIn(SignInRequest request, ServerCallContext context)
    {
        var contact = ContactAddress.Parse(request.Contact, request.ChildName);
        var userId = await grains.Contact(contacts, contact).VerifyCode(contact, request.Code, contact.Dependent ?? (request.DisplayName is { Length: > 0 } name ? name : null));
        var session = await grains.GetGrain<IUserSessionsGrain>(userId).Open(context.Client(request.DeviceLabel));
        return new SignInResponse { Tokens = ToProto(tokens.Issue(session)) };
    }

    public override async Task<RefreshResponse> Refresh(RefreshRequest request, ServerCallContext context)
    {
        // The token names its account; the account's sessions grain judges the rest.
        var parts = request.RefreshToken.Split('.');
        if (parts.Length != 4 || parts[0].Length is 0 or > 64) throw DomainException.Unauthenticated(
            IdentityErrors.RefreshTokenInvalid, "The refresh token is invalid, expired or revoked; sign in again.");
        try
        {
            var session = await grains.GetGrain<IUserSessionsGrain>(parts[0]).Refresh(request.RefreshToken, context.Client(""));
            return new RefreshResponse { Tokens = ToProto(tokens.Issue(session)) };
        }
        catch (DomainException e) when (e.Code == IdentityErrors.RefreshTokenReused)
        {
            liveness.Forget(parts[1]);
            throw;
        }
    }

    private static TokenPair ToProto(IssuedTokens t) => new()
    {
        UserId = t.UserId,
        SessionId = t.SessionId,
        AccessToken = t.AccessToken,
        AccessExpiresAt = t.AccessExpiresAt.ToTimestamp(),
        RefreshToken = t.RefreshToken,
        RefreshExpiresAt = t.RefreshExpiresAt.ToTimestamp(),
    };
}
