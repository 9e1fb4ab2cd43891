using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using Orleans.Placement;
using Orleans.Streams;

namespace DistrictSferum.Grains.Chats;

[PreferLocalPlacement]
public sealed class ChatRelayGrain(IChatEventSink sink, ILocalSiloDetails silo) : Grain, IChatRelayGrain
{
    private StreamSubscriptionHandle<ChatEvent>? subscription;

    private string ChatId => this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().LastIndexOf('|') + 1)..];

    /// <summary>The silo this relay must live on; elsewhere it would hand events to the wrong process.</summary>
    private bool OnItsSilo => this.GetPrimaryKeyString().StartsWith(silo.SiloAddress.ToParsableString() + "|", StringComparison.Ordinal);

    public async Task Start()
    {
        if (!OnItsSilo)
        {
            DeactivateOnIdle();
            throw new InvalidOperationException("A chat relay was placed away from its silo.");
        }

        // Stays while clients here follow the chat, even when the chat is quiet.
        DelayDeactivation(TimeSpan.FromDays(1));
        if (subscription is not null) return;
        var stream = this.GetStreamProvider(StreamNames.Provider).GetStream<ChatEvent>(StreamId.Create(StreamNames.Chat, ChatId));
        foreach (var stale in await stream.GetAllSubscriptionHandles()) await stale.UnsubscribeAsync();
        subscription = await stream.SubscribeAsync((e, _) =>
        {
            if (OnItsSilo) sink.Deliver(e);
            return Task.CompletedTask;
        });
    }

    public async Task Stop()
    {
        if (subscription is not null) await subscription.UnsubscribeAsync();
        subscription = null;
        DeactivateOnIdle();
    }
}
