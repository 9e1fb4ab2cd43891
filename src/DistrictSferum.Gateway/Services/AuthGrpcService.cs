using Google.Protobuf.WellKnownTypes;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Protos.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace DistrictSferum.Gateway.Services;

[AllowAnonymous]
public sealed class AuthGrpcService(IGrainFactory grains, TokenService tokens) : AuthService.AuthServiceBase
{
    public override async Task<RequestCodeResponse> RequestCode(RequestCodeRequest request, ServerCallContext context)
    {
        var contact = ContactAddress.Parse(request.Contact, request.ChildName);
        var issued = await grains.GetGrain<IContactGrain>(contact.Key).RequestCode();
        return new RequestCodeResponse { ExpiresAt = issued.ExpiresAt.ToTimestamp(), CodeLength = issued.CodeLength };
    }

    public override async Task<SignInResponse> SignIn(SignInRequest request, ServerCallContext context)
    {
        var contact = ContactAddress.Parse(request.Contact, request.ChildName);
        var userId = await grains.GetGrain<IContactGrain>(contact.Key).VerifyCode(request.Code, contact.Dependent ?? (request.DisplayName is { Length: > 0 } name ? name : null));
        return new SignInResponse { Tokens = ToProto(tokens.Issue(userId)) };
    }

    public override async Task<RefreshResponse> Refresh(RefreshRequest request, ServerCallContext context) =>
        new() { Tokens = ToProto(tokens.Issue(await tokens.ValidateRefreshAsync(request.RefreshToken))) };

    private static TokenPair ToProto(IssuedTokens t) => new()
    {
        UserId = t.UserId,
        AccessToken = t.AccessToken,
        AccessExpiresAt = t.AccessExpiresAt.ToTimestamp(),
        RefreshToken = t.RefreshToken,
        RefreshExpiresAt = t.RefreshExpiresAt.ToTimestamp(),
    };
}
