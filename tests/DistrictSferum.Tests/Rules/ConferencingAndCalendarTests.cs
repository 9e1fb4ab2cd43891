using System.Security.Cryptography;
using System.Text;
using DistrictSferum.Contracts.Meetings;
using DistrictSferum.Grains.Meetings;
using DistrictSferum.Grains.Meetings.Conferencing;
using Ical.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DistrictSferum.Tests.Rules;

/// <summary>Join tokens checked by a JWT library, join URLs and the iCalendar text read back by a real RFC 5545 parser.</summary>
public sealed class ConferencingAndCalendarTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 7, 9, 0, 0, TimeSpan.Zero);
    private const string Secret = "a-jitsi-app-secret-of-at-least-32-characters";

    private static MeetingOptions Options() => new()
    {
        Provider = "Jitsi",
        Jitsi = new JitsiOptions { BaseUrl = "https://meet.district.example", AppId = "district-sferum", AppSecret = Secret },
        UrlTemplate = new UrlTemplateOptions { Secret = Convert.ToBase64String(new byte[32]) },
    };

    private static ConferenceJoin Join(bool moderator) =>
        new("sferum-0123456789abcdef0123456789abcdef", "user-1", "Анна Смирнова", moderator, Start.AddMinutes(-10), Start.AddMinutes(45));

    [Fact]
    public async Task CHAT_9_a_jitsi_join_url_carries_a_personal_token_in_jitsis_format_signed_with_the_app_secret()
    {
        var provider = new JitsiConferenceProvider(Microsoft.Extensions.Options.Options.Create(Options()));

        var url = new Uri(provider.JoinUrl(Join(moderator: true)));

        Assert.Equal("https://meet.district.example/sferum-0123456789abcdef0123456789abcdef", url.GetLeftPart(UriPartial.Path));
        var token = url.Query["?jwt=".Length..];
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidAudience = "jitsi",
            ValidIssuer = "district-sferum",
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Secret)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            LifetimeValidator = (_, _, _, _) => true,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("meet.district.example", jwt.Subject);
        Assert.Equal("sferum-0123456789abcdef0123456789abcdef", jwt.GetClaim("room").Value);
        Assert.Equal(Start.AddMinutes(45).ToUnixTimeSeconds(), long.Parse(jwt.GetClaim("exp").Value));
        Assert.Equal(Start.AddMinutes(-10).ToUnixTimeSeconds(), long.Parse(jwt.GetClaim("nbf").Value));
        using var context = System.Text.Json.JsonDocument.Parse(jwt.GetClaim("context").Value);
        var user = context.RootElement.GetProperty("user");
        Assert.Equal(("user-1", "Анна Смирнова", true), (user.GetProperty("id").GetString(), user.GetProperty("name").GetString(), user.GetProperty("moderator").GetBoolean()));

        var participant = new Uri(provider.JoinUrl(Join(moderator: false))).Query["?jwt=".Length..];
        using var other = System.Text.Json.JsonDocument.Parse(new JsonWebToken(participant).GetClaim("context").Value);
        Assert.False(other.RootElement.GetProperty("user").GetProperty("moderator").GetBoolean());
    }

    [Fact]
    public async Task CHAT_9_a_jitsi_token_signed_with_another_secret_or_expired_is_rejected()
    {
        var provider = new JitsiConferenceProvider(Microsoft.Extensions.Options.Options.Create(Options()));
        var token = provider.Token(Join(false));
        var parameters = new TokenValidationParameters
        {
            ValidAudience = "jitsi",
            ValidIssuer = "district-sferum",
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("another-secret-another-secret-another-secret")),
        };
        Assert.False((await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters)).IsValid);

        // exp is the occurrence's end: a token of an occurrence that is over is refused.
        var past = new ConferenceJoin("room", "u", "n", false, DateTimeOffset.UtcNow.AddHours(-3), DateTimeOffset.UtcNow.AddHours(-2));
        parameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Secret));
        var expired = await new JsonWebTokenHandler().ValidateTokenAsync(provider.Token(past), parameters);
        Assert.IsType<SecurityTokenExpiredException>(expired.Exception);
    }

    [Fact]
    public void CHAT_9_a_url_template_join_is_personal_and_signed()
    {
        var options = Options();
        options.UrlTemplate.Template = "https://conf.example/{room}?u={user}&n={name}&m={moderator}&e={expires}&s={signature}";
        var provider = new UrlTemplateConferenceProvider(Microsoft.Extensions.Options.Options.Create(options));

        var url = provider.JoinUrl(Join(moderator: false));

        var expires = Start.AddMinutes(45).ToUnixTimeSeconds().ToString();
        var signature = Convert.ToBase64String(HMACSHA256.HashData(new byte[32], Encoding.UTF8.GetBytes($"sferum-0123456789abcdef0123456789abcdef|user-1|0|{expires}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal($"https://conf.example/sferum-0123456789abcdef0123456789abcdef?u=user-1&n={Uri.EscapeDataString("Анна Смирнова")}&m=0&e={expires}&s={signature}", url);
    }

    [Fact]
    public void CHAT_9_the_icalendar_feed_parses_with_a_weekly_series_its_exception_and_escaped_text()
    {
        var exception = Start.AddDays(7);
        var lesson = new MeetingView("m1", "s", MeetingKind.OnlineLesson, "Алгебра; дроби, проценты", "Повторить §3\nВзять тетрадь", "t", "Иван \"Учитель\"",
            MeetingAudience.OfChat("c"), Start, TimeSpan.FromMinutes(45), 4, [exception], MeetingStatus.Scheduled, null, null, 100, "c", null, Start.AddDays(-1), null, null);
        var broadcast = lesson with
        {
            MeetingId = "m2",
            Kind = MeetingKind.Broadcast,
            Title = new string('Ж', 120),
            WeeklyOccurrences = 1,
            CancelledOccurrences = [],
            Start = Start.AddHours(5),
            Duration = TimeSpan.FromHours(1),
        };

        var text = ICalendar.Write([lesson, broadcast], Start.AddDays(-1));

        Assert.All(text.Split("\r\n").SkipLast(1), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line));
        var calendar = Calendar.Load(text)!;
        Assert.Equal(2, calendar.Events.Count);
        var series = calendar.Events.Single(e => e.Uid == "m1@district-sferum");
        Assert.Equal("Онлайн-урок: Алгебра; дроби, проценты", series.Summary);
        Assert.Equal("Повторить §3\nВзять тетрадь", series.Description);
        var occurrences = series.GetOccurrences().Select(o => o.Period.StartTime.AsUtc).ToList();
        Assert.Equal([Start.UtcDateTime, Start.AddDays(14).UtcDateTime, Start.AddDays(21).UtcDateTime], occurrences);
        var single = calendar.Events.Single(e => e.Uid == "m2@district-sferum");
        Assert.Equal("Трансляция: " + new string('Ж', 120), single.Summary);
        Assert.Equal(Start.AddHours(6).UtcDateTime, single.End!.AsUtc);
    }
}
