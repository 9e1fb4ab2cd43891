using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Moderation;
using Orleans.Placement;
using Orleans.Streams;

namespace DistrictSferum.Grains.Chats;

[PreferLocalPlacement]
public sealed class ChatRelayGrain(IChatEventSink sink, ILocalSiloDetails silo) : Grain, IChatRelayGrain
{
    private StreamSubscriptionHandle<ChatEvent>? chatSubscription;
    private StreamSubscriptionHandle<AuditEntry>? auditSubscription;

    private string[] Parts => this.GetPrimaryKeyString().Split('|');

    /// <summary>The silo this relay must live on; elsewhere it would hand items to the wrong process.</summary>
    private bool OnItsSilo => Parts[0] == silo.SiloAddress.ToParsableString();

    public async Task Start()
    {
        if (!OnItsSilo)
        {
            DeactivateOnIdle();
            throw new InvalidOperationException("A relay was placed away from its silo.");
        }

        // Stays while clients here follow the stream, even when it is quiet.
        DelayDeactivation(TimeSpan.FromDays(1));
        var (ns, key) = (Parts[1], Parts[2]);
        var provider = this.GetStreamProvider(StreamNames.Provider);
        if (ns == StreamNames.Chat && chatSubscription is null)
            chatSubscription = await SubscribeAsync(provider.GetStream<ChatEvent>(StreamId.Create(ns, key)), ns, key);
        else if (ns == StreamNames.Moderation && auditSubscription is null)
            auditSubscription = await SubscribeAsync(provider.GetStream<AuditEntry>(StreamId.Create(ns, key)), ns, key);
    }

    public async Task Stop()
    {
        if (chatSubscription is not null) await chatSubscription.UnsubscribeAsync();
        if (auditSubscription is not null) await auditSubscription.UnsubscribeAsync();
        (chatSubscription, auditSubscription) = (null, null);
        DeactivateOnIdle();
    }

    private async Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(IAsyncStream<T> stream, string ns, string key)
        where T : notnull
    {
        foreach (var stale in await stream.GetAllSubscriptionHandles()) await stale.UnsubscribeAsync();
        return await stream.SubscribeAsync((item, _) =>
        {
            if (OnItsSilo) sink.Deliver(ns, key, item);
            return Task.CompletedTask;
        });
    }
}
