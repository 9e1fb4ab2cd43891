using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Tests.Infrastructure;

namespace DistrictSferum.Tests.Grains;

public sealed class ChatRelayGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task A_relay_hands_the_events_of_its_chat_to_its_silo()
    {
        var silo = fixture.Cluster.Silos[0].SiloAddress.ToParsableString();
        var chatId = Guid.NewGuid().ToString("N");
        await fixture.Grains.GetGrain<IChatRelayGrain>(silo + "|" + StreamNames.Chat + "|" + chatId).Start(1);
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
        var silo = fixture.Cluster.Silos[0].SiloAddress.ToParsableString();
        var chatId = Guid.NewGuid().ToString("N");
        var relay = fixture.Grains.GetGrain<IChatRelayGrain>(silo + "|" + StreamNames.Chat + "|" + chatId);
        await relay.Start(1);
        await relay.Start(2);
        await relay.Stop(1);
        var stream = fixture.Cluster.Client.GetStreamProvider(StreamNames.Provider).GetStream<ChatEvent>(StreamId.Create(StreamNames.Chat, chatId));

        await stream.OnNextAsync(new ChatEvent(chatId, 1, ChatEventKind.Posted, "u", DateTimeOffset.UtcNow, "всё ещё здесь"));

        Assert.Equal("всё ещё здесь", (await fixture.Sink.WaitForAsync(e => e.ChatId == chatId, TimeSpan.FromSeconds(10))).Body);
        await relay.Stop(2);
    }
}
