using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Meetings;
using DistrictSferum.Contracts.Moderation;
using Orleans.Streams;

namespace DistrictSferum.Grains.Chats;

[KeySiloPlacement]
public sealed class ChatRelayGrain(IChatEventSink sink, ILocalSiloDetails silo, IClusterMembershipService membership) : Grain, IChatRelayGrain
{
    private StreamSubscriptionHandle<ChatEvent>? chatSubscription;
    private StreamSubscriptionHandle<AuditEntry>? auditSubscription;
    private StreamSubscriptionHandle<Contracts.Statistics.UsageBucketClosed>? usageSubscription;
    private StreamSubscriptionHandle<MeetingNotice>? noticeSubscription;
    private StreamSubscriptionHandle<Contracts.Support.TicketEvent>? ticketSubscription;
    private IGrainTimer? keepAlive;
    private long generation;

    private string[] Parts => this.GetPrimaryKeyString().Split('|');

    /// <summary>The silo this relay must live on (<see cref="KeySiloPlacement"/>); elsewhere it would hand items to the wrong process.</summary>
    private bool OnItsSilo => Parts[0] == silo.SiloAddress.ToParsableString();

    /// <summary>
    /// Reactivated by a delivery (the subscription outlives an activation): resume the handler so nothing is
    /// dropped. Away from its silo (placed here only because its silo is not in the cluster as this silo sees it):
    /// let the subscription go if that silo is dead, and leave it alone otherwise (a silo this one has not heard of yet).
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!OnItsSilo)
        {
            DeactivateOnIdle();
            if (RelayKey.SiloOf(this.GetPrimaryKeyString()) is not { } home || membership.CurrentSnapshot.GetSiloStatus(home) != SiloStatus.Dead) return;
        }

        var (ns, key) = (Parts[1], Parts[2]);
        var provider = this.GetStreamProvider(StreamNames.Provider);
        if (ns == StreamNames.Chat)
            chatSubscription = await ResumeAsync(provider.GetStream<ChatEvent>(StreamId.Create(ns, key)), ns, key);
        else if (ns == StreamNames.Moderation)
            auditSubscription = await ResumeAsync(provider.GetStream<AuditEntry>(StreamId.Create(ns, key)), ns, key);
        else if (ns == StreamNames.Usage)
            usageSubscription = await ResumeAsync(provider.GetStream<Contracts.Statistics.UsageBucketClosed>(StreamId.Create(ns, key)), ns, key);
        else if (ns == StreamNames.MeetingNotices)
            noticeSubscription = await ResumeAsync(provider.GetStream<MeetingNotice>(StreamId.Create(ns, key)), ns, key);
        else if (ns == StreamNames.Support)
            ticketSubscription = await ResumeAsync(provider.GetStream<Contracts.Support.TicketEvent>(StreamId.Create(ns, key)), ns, key);
    }

    public async Task Start(long listeners)
    {
        generation = Math.Max(generation, listeners);
        // Only while its silo is not (or no longer) an active member as seen from the caller: the stream retries.
        if (!OnItsSilo) throw new SiloUnavailableException($"The relay {this.GetPrimaryKeyString()} is not on its silo.");

        // Stays while clients here follow the stream, even when it is quiet; Stop lets it go.
        keepAlive ??= this.RegisterGrainTimer(_ => Task.CompletedTask, new GrainTimerCreationOptions(TimeSpan.FromHours(1), TimeSpan.FromHours(1)) { KeepAlive = true });
        var (ns, key) = (Parts[1], Parts[2]);
        var provider = this.GetStreamProvider(StreamNames.Provider);
        if (ns == StreamNames.Chat && chatSubscription is null)
            chatSubscription = await SubscribeAsync(provider.GetStream<ChatEvent>(StreamId.Create(ns, key)), ns, key);
        else if (ns == StreamNames.Moderation && auditSubscription is null)
            auditSubscription = await SubscribeAsync(provider.GetStream<AuditEntry>(StreamId.Create(ns, key)), ns, key);
        else if (ns == StreamNames.Usage && usageSubscription is null)
            usageSubscription = await SubscribeAsync(provider.GetStream<Contracts.Statistics.UsageBucketClosed>(StreamId.Create(ns, key)), ns, key);
        else if (ns == StreamNames.MeetingNotices && noticeSubscription is null)
            noticeSubscription = await SubscribeAsync(provider.GetStream<MeetingNotice>(StreamId.Create(ns, key)), ns, key);
        else if (ns == StreamNames.Support && ticketSubscription is null)
            ticketSubscription = await SubscribeAsync(provider.GetStream<Contracts.Support.TicketEvent>(StreamId.Create(ns, key)), ns, key);
    }

    public async Task Stop(long listeners)
    {
        // The last listener of an earlier set left, but a newer set (whose Start overtook this Stop) follows the stream.
        if (listeners < generation) return;
        if (chatSubscription is not null) await chatSubscription.UnsubscribeAsync();
        if (auditSubscription is not null) await auditSubscription.UnsubscribeAsync();
        if (usageSubscription is not null) await usageSubscription.UnsubscribeAsync();
        if (noticeSubscription is not null) await noticeSubscription.UnsubscribeAsync();
        if (ticketSubscription is not null) await ticketSubscription.UnsubscribeAsync();
        (chatSubscription, auditSubscription, usageSubscription, noticeSubscription, ticketSubscription) = (null, null, null, null, null);
        keepAlive?.Dispose();
        keepAlive = null;
        DeactivateOnIdle();
    }

    private async Task<StreamSubscriptionHandle<T>?> ResumeAsync<T>(IAsyncStream<T> stream, string ns, string key)
        where T : notnull
    {
        StreamSubscriptionHandle<T>? resumed = null;
        foreach (var handle in await stream.GetAllSubscriptionHandles())
        {
            if (OnItsSilo && resumed is null) resumed = await handle.ResumeAsync(Handler<T>(ns, key));
            else await handle.UnsubscribeAsync();
        }

        return resumed;
    }

    private Func<T, StreamSequenceToken?, Task> Handler<T>(string ns, string key)
        where T : notnull => (item, _) =>
    {
        if (OnItsSilo) sink.Deliver(ns, key, item);
        return Task.CompletedTask;
    };

    private async Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(IAsyncStream<T> stream, string ns, string key)
        where T : notnull
    {
        foreach (var stale in await stream.GetAllSubscriptionHandles()) await stale.UnsubscribeAsync();
        return await stream.SubscribeAsync(Handler<T>(ns, key));
    }
}
