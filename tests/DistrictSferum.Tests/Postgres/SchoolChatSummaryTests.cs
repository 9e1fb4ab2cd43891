using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictSferum.Tests.Postgres;

/// <summary>
/// Issue 9 item 3: a school's chat list is kept as summaries the chats tell their school's register, so listing a
/// school's chats (and the director's oversight) activates none of them.
/// </summary>
public sealed class SchoolChatSummaryTests
{
    [Fact]
    public async Task ORG_16_listing_a_schools_chats_reads_their_summaries_and_activates_none_of_them()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("schoolchatsummaries");
        SchoolScenario school;
        var chats = new List<Chat>();
        Dictionary<string, int> members;
        await using (var first = await ServerHost.StartAsync(database))
        {
            school = await SchoolScenario.CreateAsync(first, students: 2);
            for (var i = 0; i < 6; i++) chats.Add(await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students.Take(i % 3), $"Чат {i}"));
            // A change after creation reaches the summary: a member leaves, a chat gets a second moderator.
            await school.Students[0].Chats.LeaveChatAsync(new LeaveChatRequest { ChatId = chats[2].ChatId });
            members = chats.ToDictionary(c => c.ChatId, c => c.ChatId == chats[2].ChatId ? c.MemberCount - 1 : c.MemberCount);

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var listed = await ListAsync(school.Admin, school.SchoolId);
                if (chats.All(c => listed.FirstOrDefault(l => l.ChatId == c.ChatId)?.MemberCount == members[c.ChatId])) break;
                await Task.Delay(100, deadline.Token);
            }
        }

        // Statistics off: the aggregator learns a chat's kind from the chat itself and would activate chats meanwhile.
        await using var second = await ServerHost.StartAsync(database, settings: new Dictionary<string, string?> { ["Statistics:Enabled"] = "false" });
        var grains = second.Services.GetRequiredService<IGrainFactory>();
        async Task<int> ChatActivationsAsync() =>
            (await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Split(',')[0].Trim().EndsWith(".ChatGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);

        var before = await ChatActivationsAsync();
        var director = school.Admin.On(second.Channel);
        var all = await ListAsync(director, school.SchoolId);
        Assert.Equal(before, await ChatActivationsAsync());

        // Every chat, as it was: titles, moderators, member counts (the leave included), the school's two channels.
        Assert.Superset(chats.Select(c => c.ChatId).ToHashSet(), all.Select(c => c.ChatId).ToHashSet());
        foreach (var chat in chats)
        {
            var listed = Assert.Single(all, c => c.ChatId == chat.ChatId);
            Assert.Equal((chat.Title, members[chat.ChatId]), (listed.Title, listed.MemberCount));
            Assert.Equal(chat.ModeratorIds, listed.ModeratorIds);
        }

        Assert.Equal(2, all.Count(c => c.Kind is ChatKind.SchoolChannel or ChatKind.StaffChannel));
        // Paged, from the same summaries.
        var page = await director.Chats.ListSchoolChatsAsync(new ListSchoolChatsRequest { SchoolId = school.SchoolId, PageSize = 4 });
        Assert.Equal(4, page.Chats.Count);
        Assert.NotEmpty(page.NextPageToken);
        Assert.Equal(before, await ChatActivationsAsync());

        // The counter counts: a member opening one chat activates it.
        await school.Teacher.On(second.Channel).Chats.GetChatAsync(new GetChatRequest { ChatId = chats[0].ChatId });
        Assert.Equal(before + 1, await ChatActivationsAsync());
    }

    private static async Task<List<Chat>> ListAsync(Session who, string schoolId)
    {
        var all = new List<Chat>();
        var token = "";
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await who.Chats.ListSchoolChatsAsync(new ListSchoolChatsRequest { SchoolId = schoolId, PageToken = token });
            all.AddRange(page.Chats);
            token = page.NextPageToken;
            if (token.Length == 0) return all;
        }

        throw new InvalidOperationException("The list did not end.");
    }
}
