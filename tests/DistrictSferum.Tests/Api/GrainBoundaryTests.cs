using System.Reflection;
using DistrictSferum.Contracts;
using DistrictSferum.Gateway.Services;

namespace DistrictSferum.Tests.Api;

/// <summary>
/// Issue 10: the grain interfaces in Contracts are what the gateway may call, so each of their methods takes the
/// acting person (and the grain checks it). Grain-to-grain calls that trust their caller live in the Grains project,
/// which the gateway does not reference. The few gateway calls that cannot have an actor are listed here, each with
/// why it is safe.
/// </summary>
public sealed class GrainBoundaryTests
{
    /// <summary>"Interface.Method" of Contracts' grain methods without an <see cref="Actor"/> parameter, and why each is safe.</summary>
    public static readonly IReadOnlyDictionary<string, string> WithoutActor = new Dictionary<string, string>
    {
        // Sign-in comes before there is an actor: the contact grain's key is a keyed hash of the address, and only the
        // code sent to that address proves the caller owns it.
        ["IContactGrain.RequestCode"] = "sign-in: sends a code to the address itself; the answer never tells whether an account exists",
        ["IContactGrain.VerifyCode"] = "sign-in: the code sent to the address is the proof; rate limits and locks apply",
        ["IUserSessionsGrain.Open"] = "sign-in: the gateway opens a session only for the account VerifyCode just returned",
        ["IUserSessionsGrain.Refresh"] = "the refresh token is the credential (hash-compared, rotated, reuse revokes the session)",
        ["IUserSessionsGrain.IsAlive"] = "the session check of an already verified access token's (user, session); answers only a yes or no",
        // Capabilities: the secret token in a link or URL is the proof; the grain is keyed by its hash.
        ["IInviteTokenGrain.Resolve"] = "key = SHA-256 of the invite link's secret token; the school then checks the person who joins",
        ["ICalendarFeedGrain.Render"] = "calendar apps cannot send a bearer token: the feed URL's secret token names one member's own feed",
        ["IStatisticsAccessGrain.Authenticate"] = "client credentials of a service account: the secret is the proof; returns its actor id",
        // The gateway's own fan-out: one relay per silo and stream hub, carrying no data and reading nothing.
        ["IChatRelayGrain.Start"] = "silo-local fan-out plumbing (key: this silo's address + hub); a generation number, no data",
        ["IChatRelayGrain.Stop"] = "silo-local fan-out plumbing (key: this silo's address + hub); a generation number, no data",
    };

    private static IEnumerable<Type> GrainInterfaces() =>
        typeof(Actor).Assembly.GetExportedTypes().Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t));

    private static IEnumerable<MethodInfo> Methods(Type grainInterface) =>
        grainInterface.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => !m.IsSpecialName);

    private static string Name(MethodInfo method) => $"{method.DeclaringType!.Name}.{method.Name}";

    [Fact]
    public void Every_public_grain_method_in_Contracts_takes_the_Actor_unless_allow_listed()
    {
        var methods = GrainInterfaces().SelectMany(Methods).ToList();
        Assert.True(methods.Count > 100, $"Only {methods.Count} grain methods found in Contracts: is the reflection looking at the right assembly?");

        var missing = methods
            .Where(m => !m.GetParameters().Any(p => p.ParameterType == typeof(Actor)) && !WithoutActor.ContainsKey(Name(m)))
            .Select(Name).Order().ToList();
        Assert.True(missing.Count == 0,
            "Grain methods in Contracts without an Actor: give them the Actor (and check it in the grain), move them to an "
            + "interface in the Grains project if only grains call them, or allow-list them here with why they are safe:\n  "
            + string.Join("\n  ", missing));
    }

    [Fact]
    public void The_allow_list_names_only_existing_methods_that_really_take_no_Actor()
    {
        var withoutActor = GrainInterfaces().SelectMany(Methods)
            .Where(m => !m.GetParameters().Any(p => p.ParameterType == typeof(Actor)))
            .Select(Name).ToHashSet();
        var stale = WithoutActor.Keys.Where(k => !withoutActor.Contains(k)).Order().ToList();
        Assert.True(stale.Count == 0, "Allow-list entries that name no Actor-less grain method of Contracts (remove them):\n  " + string.Join("\n  ", stale));
    }

    [Fact]
    public void The_gateway_cannot_reach_the_Grains_project()
    {
        var references = typeof(UserGrpcService).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.Contains("DistrictSferum.Contracts", references);
        Assert.DoesNotContain("DistrictSferum.Grains", references);
    }
}
