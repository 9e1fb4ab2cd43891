namespace DistrictSferum.Contracts.Chats;

/// <summary>
/// One silo's subscription to one chat's stream (key: "{silo}|{chat id}", placed on that silo). It hands every
/// event to the silo's open client streams, so a silo subscribes once per chat however many clients follow it.
/// </summary>
[Alias("ds.IChatRelayGrain")]
public interface IChatRelayGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task Start();

    [Alias("Stop")]
    Task Stop();
}

/// <summary>Receives chat events in this process (from the relays on this silo) and passes them to its open client streams.</summary>
public interface IChatEventSink
{
    void Deliver(ChatEvent chatEvent);
}
