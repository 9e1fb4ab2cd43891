namespace DistrictSferum.Contracts.Chats;

/// <summary>
/// One silo's subscription to one stream (key: "{silo}|{namespace}|{stream key}", placed on that silo): a chat's
/// events, or a school's moderation audit. It hands every item to the silo's open client streams, so a silo
/// subscribes once per stream however many clients follow it.
/// </summary>
[Alias("ds.IChatRelayGrain")]
public interface IChatRelayGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task Start();

    [Alias("Stop")]
    Task Stop();
}

/// <summary>Receives stream items in this process (from the relays on this silo) and passes them to its open client streams.</summary>
public interface IChatEventSink
{
    void Deliver(string streamNamespace, string key, object item);
}
