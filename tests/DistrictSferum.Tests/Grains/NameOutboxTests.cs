using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Contracts.Users;
using DistrictSferum.Grains.Common;
using DistrictSferum.Grains.Users;
using DistrictSferum.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace DistrictSferum.Tests.Grains;

/// <summary>CHAT-5: a rename is owed to the member's schools and chats until each has it, across a crash.</summary>
public sealed class NameOutboxTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task CHAT_5_a_rename_saved_but_not_yet_told_when_the_server_stopped_reaches_the_school_and_the_chat_at_the_next_activation()
    {
        var (admin, schoolId, chat, _) = await fixture.AdminsChatAsync("+79990160001");
        var user = fixture.Grains.GetGrain<IUserGrain>(admin.UserId);
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
        var grainId = GrainId.Create("user", admin.UserId);
        async Task<bool> OutboxEmptyAsync()
        {
            var stored = new GrainState<UserState>();
            await storage.ReadStateAsync("user", grainId, stored);
            return stored.State!.NameUntoldSchools.Count + stored.State.NameUntoldChats.Count == 0;
        }

        await user.SetDisplayName(admin, "Ирина Петровна");
        await EventuallyAsync(async () => (await chat.ListMembers(admin, PageRequest.First(50))).Items.Single().DisplayName == "Ирина Петровна");
        await EventuallyAsync(OutboxEmptyAsync);

        // As a crash leaves it: the new name and its outbox saved, nobody told yet.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var saved = new GrainState<UserState>();
        await storage.ReadStateAsync("user", grainId, saved);
        saved.State!.DisplayName = "Ирина Сергеевна";
        saved.State.NameUntoldSchools = [schoolId];
        saved.State.NameUntoldChats = [.. saved.State.ChatIds];
        await storage.WriteStateAsync("user", grainId, saved);

        // Any call activates the account, which tells the rest on its own.
        Assert.Equal("Ирина Сергеевна", (await user.GetProfile(admin)).DisplayName);
        await EventuallyAsync(async () => (await chat.ListMembers(admin, PageRequest.First(50))).Items.Single().DisplayName == "Ирина Сергеевна");
        await EventuallyAsync(async () =>
            (await fixture.Grains.GetGrain<ISchoolGrain>(schoolId).GetMember(admin, admin.UserId)).DisplayName == "Ирина Сергеевна");
        await EventuallyAsync(OutboxEmptyAsync);
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not within 30 s");
            await Task.Delay(50);
        }
    }
}
