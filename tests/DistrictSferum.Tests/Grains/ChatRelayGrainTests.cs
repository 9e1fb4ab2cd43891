using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictSferum.Tests.Grains;

public sealed class ChatRelayGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task A_relay_hands_the_events_of_its_chat_to_its_silo()
    {
        var silo = fixture.Cluster.Silos[0].SiloAddress;
        var chatId = Guid.NewGuid().ToString("N");
        await fixture.Grains.GetGrain<IChatRelayGrain>(RelayKey.Of(silo, StreamNames.Chat, chatId)).Start(1);
        var stream = fixture.Cluster.Client.GetStreamProvider(StreamNames.Provider).GetStream<ChatEvent>(StreamId.Create(StreamNames.Chat, chatId));

        await stream.OnNextAsync(new ChatEvent(chatId, 1, ChatEventKind.Posted, "u", DateTimeOffset.UtcNow, "привет"));

        var delivered = await fixture.Sink.WaitForAsync(e => e.ChatId == chatId, TimeSpan.FromSeconds(10));
        Assert.Equal("привет", delivered.Body);
    }

    /// <summary>
    /// Issue 9: the last client of a chat leaves (its Stop is on its way) while a new client arrives and starts the relay
    /// again; the Stop arriving after that Start must not unsubscribe the chat the new client follows.
    /// </summary>
    [Fact]
    public async Task A_stop_overtaken_by_a_newer_start_leaves_the_chat_subscribed()
    {
        var silo = fixture.Cluster.Silos[0].SiloAddress;
        var chatId = Guid.NewGuid().ToString("N");
        var relay = fixture.Grains.GetGrain<IChatRelayGrain>(RelayKey.Of(silo, StreamNames.Chat, chatId));
        await relay.Start(1);
        await relay.Start(2);
        await relay.Stop(1);
        var stream = fixture.Cluster.Client.GetStreamProvider(StreamNames.Provider).GetStream<ChatEvent>(StreamId.Create(StreamNames.Chat, chatId));

        await stream.OnNextAsync(new ChatEvent(chatId, 1, ChatEventKind.Posted, "u", DateTimeOffset.UtcNow, "всё ещё здесь"));

        Assert.Equal("всё ещё здесь", (await fixture.Sink.WaitForAsync(e => e.ChatId == chatId, TimeSpan.FromSeconds(10))).Body);
        await relay.Stop(2);
    }
}

/// <summary>
/// Issue 9 (found by chaos.sh): after a silo was killed, a relay's directory entry was gone and a stream delivery from
/// another silo activated the relay there (prefer-local placement); that activation unsubscribed the stream its real
/// activation served, and the next client's Subscribe failed with "placed away from its silo" (UNKNOWN). A relay is
/// now placed on the silo its key names, whoever calls it first.
/// </summary>
public sealed class RelayPlacementTests(TwoSiloGrainClusterFixture fixture) : IClassFixture<TwoSiloGrainClusterFixture>
{
    [Fact]
    public async Task A_relay_first_called_from_another_silo_is_placed_on_its_own_silo_and_delivers_there()
    {
        var home = fixture.Cluster.Silos[1].SiloAddress;
        var caller = fixture.Cluster.Silos[0].SiloHost.Services.GetRequiredService<IGrainFactory>();
        var chatId = Guid.NewGuid().ToString("N");

        // Called from silo 0, as a pulling agent there delivers; prefer-local placement put it on silo 0 and Start threw.
        await caller.GetGrain<IChatRelayGrain>(RelayKey.Of(home, StreamNames.Chat, chatId)).Start(1);

        var stream = fixture.Cluster.Client.GetStreamProvider(StreamNames.Provider).GetStream<ChatEvent>(StreamId.Create(StreamNames.Chat, chatId));
        await stream.OnNextAsync(new ChatEvent(chatId, 1, ChatEventKind.Posted, "u", DateTimeOffset.UtcNow, "дошло"));
        Assert.Equal("дошло", (await fixture.Sink.WaitForAsync(e => e.ChatId == chatId, TimeSpan.FromSeconds(10))).Body);
    }

    [Fact]
    public async Task A_relay_whose_silo_is_not_in_the_cluster_is_refused_as_a_cluster_reshaping_a_stream_waits_out()
    {
        var gone = SiloAddress.New(System.Net.IPAddress.Loopback, 1, 1);
        var relay = fixture.Grains.GetGrain<IChatRelayGrain>(RelayKey.Of(gone, StreamNames.Chat, Guid.NewGuid().ToString("N")));

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => relay.Start(1));
        Assert.True(DistrictSferum.Gateway.Chats.ClusterRetry.IsTransient(refused), refused.ToString());
    }
}
