using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>CHAT-5: the name others see is the one the member chose last, in the school's directory and every chat.</summary>
public sealed class DisplayNameTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerHost Server => fixture.Server;

    [Fact]
    public async Task CHAT_5_a_rename_after_joining_reaches_the_schools_directory_and_each_chats_member_list()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2);
        var (pupil, classmate) = (school.Students[0], school.Students[1]);
        var first = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, [pupil, classmate], "Чат 6А");
        var second = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, [pupil], "Чат 6А, второй");
        var before = (await school.Admin.Members.GetMemberAsync(new GetMemberRequest { SchoolId = school.SchoolId, UserId = pupil.UserId })).Member.DisplayName;

        await pupil.Users.SetDisplayNameAsync(new SetDisplayNameRequest { DisplayName = "Пётр Сидоров" });

        async Task<string> InDirectoryAsync() =>
            (await school.Admin.Members.ListMembersAsync(new ListMembersRequest { SchoolId = school.SchoolId, PageSize = 500 }))
            .Members.Single(m => m.UserId == pupil.UserId).DisplayName;
        async Task<string> InChatAsync(Session viewer, string chatId) =>
            (await viewer.Chats.ListChatMembersAsync(new ListChatMembersRequest { ChatId = chatId })).Members.Single(m => m.UserId == pupil.UserId).DisplayName;

        // The rename tells the school and the chats one way; each takes it within moments.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var seen = new[] { await InDirectoryAsync(), await InChatAsync(classmate, first.ChatId), await InChatAsync(school.Teacher, second.ChatId) };
            if (seen.All(n => n == "Пётр Сидоров")) break;
            Assert.True(DateTime.UtcNow < deadline, $"after 30 s the lists still show: {string.Join(", ", seen)} (was {before})");
            await Task.Delay(100);
        }

        Assert.NotEqual("Пётр Сидоров", before);
        Assert.Equal("Пётр Сидоров", (await school.Admin.Members.GetMemberAsync(new GetMemberRequest { SchoolId = school.SchoolId, UserId = pupil.UserId })).Member.DisplayName);
        // Another member's rename changes only that member's name.
        await classmate.Users.SetDisplayNameAsync(new SetDisplayNameRequest { DisplayName = "Анна Кузнецова" });
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (await InChatAsync(pupil, first.ChatId) != "Пётр Сидоров" ||
               (await pupil.Chats.ListChatMembersAsync(new ListChatMembersRequest { ChatId = first.ChatId })).Members.Single(m => m.UserId == classmate.UserId).DisplayName != "Анна Кузнецова")
        {
            Assert.True(DateTime.UtcNow < deadline, "the classmate's rename did not reach the chat in 30 s");
            await Task.Delay(100);
        }
    }
}
