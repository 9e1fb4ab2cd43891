using System.Security.Cryptography;
using System.Text;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Statistics;
using DistrictSferum.Grains.Common;
using Microsoft.Extensions.DependencyInjection;
using DistrictSferum.Grains.Districts;
using DistrictSferum.Grains.Identity;

namespace DistrictSferum.Grains.Statistics;

[GenerateSerializer, Alias("ds.StatisticsAccessState")]
public sealed class StatisticsAccessState
{
    [Id(0)] public Dictionary<string, AnalystView> Analysts { get; set; } = [];
    [Id(1)] public Dictionary<string, ServiceAccountRecord> ServiceAccounts { get; set; } = [];
}

[GenerateSerializer, Alias("ds.ServiceAccountRecord")]
public sealed class ServiceAccountRecord
{
    [Id(0)] public ServiceAccountView View { get; set; } = null!;

    /// <summary>SHA-256 of the secret: the secret is 256 random bits, so a plain hash cannot be walked back.</summary>
    [Id(1)] public byte[] SecretHash { get; set; } = [];
}

/// <summary>
/// DIS-4: the district's statistics roles. Operators grant and revoke analysts and create and revoke service
/// accounts (statistics scope only, a secret shown once); every change lands in district_audit. A revocation
/// takes effect on the next call: every statistics request asks here.
/// </summary>
public sealed class StatisticsAccessGrain(
    [PersistentState("statistics-access", StorageNames.Grains)] IPersistentState<StatisticsAccessState> state,
    PostgresUsageStore store,
    ContactKeys contacts,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock) : Grain, IStatisticsAccessGrain, IStatisticsViewers
{
    private DateTimeOffset Now => clock.GetUtcNow();

    private IDistrictGrain District => GrainFactory.GetGrain<IDistrictGrain>(IDistrictGrain.Key);

    public async Task<AnalystView> GrantAnalyst(Actor actor, ContactAddress contact, string displayName)
    {
        await EnsureOperatorAsync(actor);
        var name = displayName.Trim();
        if (name.Length is 0 or > 200) throw DomainException.Invalid(StatisticsErrors.NameInvalid, "An analyst needs a name (at most 200 characters).", Rules.Dis4);
        var userId = await GrainFactory.ContactAccounts(contacts, contact).EnsureAccount(contact, name);
        if (state.State.Analysts.TryGetValue(userId, out var existing)) return existing;
        var analyst = new AnalystView(userId, name, Now, actor.UserId);
        state.State.Analysts[userId] = analyst;
        await state.WriteStateAsync();
        await store.AuditDistrictAsync(Now, actor.UserId, "grant_analyst", userId, "");
        return analyst;
    }

    public async Task RevokeAnalyst(Actor actor, string userId)
    {
        await EnsureOperatorAsync(actor);
        if (!state.State.Analysts.Remove(userId)) throw DomainException.NotFound(StatisticsErrors.AnalystNotFound, "No such analyst.", Rules.Dis4);
        await state.WriteStateAsync();
        await store.AuditDistrictAsync(Now, actor.UserId, "revoke_analyst", userId, "");
    }

    public async Task<IReadOnlyList<AnalystView>> ListAnalysts(Actor actor)
    {
        await EnsureOperatorAsync(actor);
        return state.State.Analysts.Values.OrderBy(a => a.GrantedAt).ToList();
    }

    public async Task<CreatedServiceAccount> CreateServiceAccount(Actor actor, string name, IReadOnlyList<string> scopes, string? requestId = null)
    {
        await EnsureOperatorAsync(actor);
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > 100) throw DomainException.Invalid(StatisticsErrors.NameInvalid, "A service account needs a name (at most 100 characters).", Rules.Dis4);
        if (scopes.Count == 0) scopes = [UsageKinds.StatisticsScope];
        if (scopes.Any(s => s != UsageKinds.StatisticsScope))
            throw DomainException.Invalid(StatisticsErrors.ScopeInvalid, $"A service account's only scope is '{UsageKinds.StatisticsScope}'.", Rules.Dis4);
        // Issue 9: with a request id the account's id and secret derive from it: a retry answers the first attempt's
        // account with the same secret (only its hash is stored, so it is derived again, never read back).
        var clientId = requestId is null
            ? "sa-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant()
            : "sa-" + ClientRequestIds.IdOf(contacts, "service-account", actor.UserId, requestId);
        var secret = requestId is null
            ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')
            : ClientRequestIds.TokenOf(contacts, "service-account", actor.UserId, requestId);
        if (state.State.ServiceAccounts.TryGetValue(clientId, out var earlier)) return new CreatedServiceAccount(earlier.View, secret);
        var view = new ServiceAccountView(clientId, trimmed, [UsageKinds.StatisticsScope], Now, actor.UserId, null);
        state.State.ServiceAccounts[clientId] = new ServiceAccountRecord { View = view, SecretHash = Hash(secret) };
        await state.WriteStateAsync();
        await store.AuditDistrictAsync(Now, actor.UserId, "create_service_account", clientId, trimmed);
        return new CreatedServiceAccount(view, secret);
    }

    public async Task<ServiceAccountView> RevokeServiceAccount(Actor actor, string clientId)
    {
        await EnsureOperatorAsync(actor);
        if (!state.State.ServiceAccounts.TryGetValue(clientId, out var account))
            throw DomainException.NotFound(StatisticsErrors.ServiceAccountNotFound, "No such service account.", Rules.Dis4);
        if (account.View.RevokedAt is null)
        {
            account.View = account.View with { RevokedAt = Now };
            await state.WriteStateAsync();
            await store.AuditDistrictAsync(Now, actor.UserId, "revoke_service_account", clientId, "");
        }

        return account.View;
    }

    public async Task<IReadOnlyList<ServiceAccountView>> ListServiceAccounts(Actor actor)
    {
        await EnsureOperatorAsync(actor);
        return state.State.ServiceAccounts.Values.Select(a => a.View).OrderBy(a => a.CreatedAt).ToList();
    }

    public Task<string> Authenticate(string clientId, string clientSecret)
    {
        var known = state.State.ServiceAccounts.TryGetValue(clientId, out var account);
        // The same work for unknown ids and wrong secrets, compared in constant time.
        var expected = known ? account!.SecretHash : new byte[32];
        var matches = CryptographicOperations.FixedTimeEquals(expected, Hash(clientSecret));
        if (!known || !matches || account!.View.RevokedAt is not null)
            throw DomainException.Unauthenticated(StatisticsErrors.ClientCredentialsInvalid, "Unknown client, wrong secret or a revoked account.");
        return Task.FromResult(UsageKinds.ServiceAccountPrefix + clientId);
    }

    public async Task<bool> IsDistrictViewer(string actorId)
    {
        if (actorId.StartsWith(UsageKinds.ServiceAccountPrefix, StringComparison.Ordinal))
            return state.State.ServiceAccounts.TryGetValue(actorId[UsageKinds.ServiceAccountPrefix.Length..], out var account) && account.View.RevokedAt is null;
        return state.State.Analysts.ContainsKey(actorId) || await GrainFactory.GetGrain<IDistrictOperators>(IDistrictGrain.Key).IsOperator(actorId);
    }

    private async Task EnsureOperatorAsync(Actor actor)
    {
        if (!await District.IsOperator(actor))
            throw DomainException.Denied(DistrictErrors.NotOperator, "Only a district operator may do this.", Rules.Dis4);
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
