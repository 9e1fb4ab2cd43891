namespace DistrictSferum.Contracts.Chats;

/// <summary>
/// One silo's subscription to one stream (key: "{silo}|{namespace}|{stream key}", placed on that silo): a chat's
/// events, or a school's moderation audit. It hands every item to the silo's open client streams, so a silo
/// subscribes once per stream however many clients follow it.
/// </summary>
[Alias("ds.IChatRelayGrain")]
public interface IChatRelayGrain : IGrainWithStringKey
{
    /// <summary>
    /// Subscribes (if not yet) for the silo's listeners of <paramref name="generation"/>: a number the silo's fan-out
    /// raises for every new set of listeners, so a late Stop of an earlier set cannot unsubscribe a newer one (issue 9).
    /// </summary>
    [Alias("Start")]
    Task Start(long generation);

    /// <summary>Unsubscribes, unless a set of listeners newer than <paramref name="generation"/> started it meanwhile.</summary>
    [Alias("Stop")]
    Task Stop(long generation);
}

/// <summary>A relay's key: its silo, then the stream's namespace and key, separated by '|'.</summary>
public static class RelayKey
{
    public static string Of(SiloAddress silo, string streamNamespace, string key) => Of(silo, streamNamespace + "|" + key);

    /// <summary>The relay on <paramref name="silo"/> of <paramref name="streamKey"/> ("{namespace}|{stream key}").</summary>
    public static string Of(SiloAddress silo, string streamKey) => silo.ToParsableString() + "|" + streamKey;

    public static SiloAddress? SiloOf(string relayKey)
    {
        var bar = relayKey.IndexOf('|', StringComparison.Ordinal);
        return bar > 0 && SiloAddress.TryParse(relayKey[..bar], out var silo) ? silo : null;
    }
}

/// <summary>Receives stream items in this process (from the relays on this silo) and passes them to its open client streams.</summary>
public interface IChatEventSink
{
    void Deliver(string streamNamespace, string key, object item);
}
