using DistrictSferum.Contracts.Chats;
using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace DistrictSferum.Grains.Chats;

/// <summary>
/// Issue 9: a relay lives on the silo its key names (<see cref="RelayKey"/>), whoever activates it. Its silo's gateway
/// starts it; but after a silo's death loses the relay's directory entry, a stream delivery from another silo
/// activates it again, and placed there (as prefer-local placement did) it hands events to the wrong process and
/// unsubscribes the stream its real activation still serves. Placed on its own silo, the call meets the activation
/// that is still running there. A relay whose silo is not in the cluster goes wherever its caller is and lets go.
/// </summary>
[Serializable, GenerateSerializer, Immutable]
public sealed class KeySiloPlacement : PlacementStrategy;

/// <summary>Places the grain on the silo named before the first '|' of its key (<see cref="KeySiloPlacement"/>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class KeySiloPlacementAttribute() : PlacementAttribute(new KeySiloPlacement());

public sealed class KeySiloPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        if (RelayKey.SiloOf(target.GrainIdentity.Key.ToString()) is { } named && compatible.Contains(named)) return Task.FromResult(named);
        return Task.FromResult(compatible.Contains(context.LocalSilo) ? context.LocalSilo : compatible[Random.Shared.Next(compatible.Length)]);
    }
}
