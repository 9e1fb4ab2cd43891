using System.Text.RegularExpressions;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace DistrictSferum.Tests.Postgres;

/// <summary>DIS-3: access is free and round the clock — no hour, weekday or holiday closes anything, and nothing is billed.</summary>
public sealed partial class RoundTheClockTests
{
    [Fact]
    public async Task DIS_3_people_sign_in_join_and_write_on_a_holiday_night_and_a_sunday_small_hours()
    {
        var postgres = await SharedPostgres.GetAsync();
        var newYearsNight = new DateTimeOffset(2027, 1, 1, 0, 30, 0, TimeSpan.FromHours(3)).ToUniversalTime();
        var clock = new FakeTimeProvider(newYearsNight);
        await using var server = await ServerHost.StartAsync(await postgres.CreateDatabaseAsync("roundtheclock"), clock);

        var school = await SchoolScenario.CreateAsync(server, students: 1, parents: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        await school.Students[0].Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "night-1", Body = "С Новым годом!" });

        clock.SetUtcNow(new DateTimeOffset(2027, 1, 3, 3, 15, 0, TimeSpan.FromHours(3)).ToUniversalTime());
        Assert.Equal(DayOfWeek.Sunday, clock.GetUtcNow().ToOffset(TimeSpan.FromHours(3)).DayOfWeek);
        var late = await server.SignInAsync("+79996660101");
        await school.Teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "night-2", Body = "Спасибо, и вас!" });
        var history = await school.Students[0].Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId, Limit = 50 });

        Assert.NotEmpty(late.Tokens.AccessToken);
        Assert.Equal(["С Новым годом!", "Спасибо, и вас!"], history.Messages.OrderBy(m => m.Seq).Select(m => m.Body));
    }

    [Fact]
    public void DIS_3_the_api_has_no_price_payment_or_tariff_anywhere()
    {
        var names = typeof(ChatService).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor")?.GetValue(null))
            .OfType<Google.Protobuf.Reflection.MessageDescriptor>()
            .SelectMany(m => m.Fields.InDeclarationOrder().Select(f => f.FullName).Prepend(m.FullName))
            .ToList();

        Assert.NotEmpty(names);
        Assert.DoesNotContain(names, n => Billing().IsMatch(n));
    }

    [GeneratedRegex("pay(ment|able)|price|tariff|billing|invoice|charge|subscription_fee", RegexOptions.IgnoreCase)]
    private static partial Regex Billing();
}
