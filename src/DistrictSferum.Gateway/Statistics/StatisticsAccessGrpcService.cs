using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Statistics;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Gateway.Services;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using P = DistrictSferum.Protos.V1;

namespace DistrictSferum.Gateway.Statistics;

/// <summary>DIS-4: analysts and service accounts, managed by operators; the client-credentials exchange needs no token.</summary>
public sealed class StatisticsAccessGrpcService(IGrainFactory grains, TokenService tokens) : P.StatisticsAccessService.StatisticsAccessServiceBase
{
    /// <summary>Short, because a pipeline asks again whenever it needs to: a revoked account gets no new token.</summary>
    public static readonly TimeSpan ServiceTokenLifetime = TimeSpan.FromMinutes(10);

    private IStatisticsAccessGrain Access => grains.GetGrain<IStatisticsAccessGrain>(IStatisticsAccessGrain.Key);

    public override async Task<P.GrantAnalystResponse> GrantAnalyst(P.GrantAnalystRequest request, ServerCallContext context)
    {
        var analyst = await Access.GrantAnalyst(context.Actor(), ContactAddress.Parse(request.Contact), request.DisplayName);
        return new P.GrantAnalystResponse { Analyst = ToProto(analyst) };
    }

    public override async Task<P.RevokeAnalystResponse> RevokeAnalyst(P.RevokeAnalystRequest request, ServerCallContext context)
    {
        await Access.RevokeAnalyst(context.Actor(), GrainKeys.Require(request.UserId, "user_id"));
        return new P.RevokeAnalystResponse();
    }

    public override async Task<P.ListAnalystsResponse> ListAnalysts(P.ListAnalystsRequest request, ServerCallContext context) =>
        new() { Analysts = { (await Access.ListAnalysts(context.Actor())).Select(ToProto) } };

    public override async Task<P.CreateServiceAccountResponse> CreateServiceAccount(P.CreateServiceAccountRequest request, ServerCallContext context)
    {
        var created = await Access.CreateServiceAccount(context.Actor(), request.Name, request.Scopes.ToList(), ClientRequestIds.Optional(request.ClientRequestId));
        return new P.CreateServiceAccountResponse { Account = ToProto(created.Account), ClientSecret = created.ClientSecret };
    }

    public override async Task<P.RevokeServiceAccountResponse> RevokeServiceAccount(P.RevokeServiceAccountRequest request, ServerCallContext context) =>
        new() { Account = ToProto(await Access.RevokeServiceAccount(context.Actor(), GrainKeys.Require(request.ClientId, "client_id"))) };

    public override async Task<P.ListServiceAccountsResponse> ListServiceAccounts(P.ListServiceAccountsRequest request, ServerCallContext context) =>
        new() { Accounts = { (await Access.ListServiceAccounts(context.Actor())).Select(ToProto) } };

    [AllowAnonymous]
    public override async Task<P.IssueServiceTokenResponse> IssueServiceToken(P.IssueServiceTokenRequest request, ServerCallContext context)
    {
        var subject = await Access.Authenticate(request.ClientId, request.ClientSecret);
        var (token, expiresAt) = tokens.IssueAccessOnly(subject, ServiceTokenLifetime);
        return new P.IssueServiceTokenResponse { AccessToken = token, ExpiresAt = expiresAt.ToTimestamp() };
    }

    private static P.Analyst ToProto(AnalystView a) => new() { UserId = a.UserId, DisplayName = a.DisplayName, GrantedAt = a.GrantedAt.ToTimestamp() };

    private static P.ServiceAccount ToProto(ServiceAccountView a)
    {
        var proto = new P.ServiceAccount { ClientId = a.ClientId, Name = a.Name, Scopes = { a.Scopes }, CreatedAt = a.CreatedAt.ToTimestamp() };
        if (a.RevokedAt is { } revoked) proto.RevokedAt = revoked.ToTimestamp();
        return proto;
    }
}
