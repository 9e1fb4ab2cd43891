using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Tests.Infrastructure;
using Orleans.Runtime;

namespace DistrictSferum.Tests.Grains;

public sealed class ChatRelayGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task A_relay_hands_the_events_of_its_chat_to_its_silo()
    {
        var silo = fixture.Cluster.Silos[0].SiloAddress.ToParsableString();
        var chatId = Guid.NewGuid().ToString("N");
        await fixture.Grains.GetGrain<IChatRelayGrain>(silo + "|" + StreamNames.Chat + "|" + chatId).Start();
        var stream = fixture.Cluster.Client.GetStreamProvider(StreamNames.Provider).GetStream<ChatEvent>(StreamId.Create(StreamNames.Chat, chatId));

        await stream.OnNextAsync(new ChatEvent(chatId, 1, ChatEventKind.Posted, "u", DateTimeOffset.UtcNow, "привет"));

        var delivered = await fixture.Sink.WaitForAsync(e => e.ChatId == chatId, TimeSpan.FromSeconds(10));
        Assert.Equal("привет", delivered.Body);
    }
}
