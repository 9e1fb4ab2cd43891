using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace DistrictSferum.Grains.Meetings.Conferencing;

/// <summary>
/// Jitsi Meet with token authentication: each participant gets their own HS256 JWT in Jitsi's format (aud, iss,
/// sub, room, nbf, exp, context.user {id, name, moderator}), appended as <c>?jwt=</c> to the room's URL.
/// </summary>
public sealed class JitsiConferenceProvider(IOptions<MeetingOptions> options) : IConferenceProvider
{
    private JitsiOptions Jitsi => options.Value.Jitsi;

    public string JoinUrl(ConferenceJoin join) => $"{Jitsi.BaseUrl.TrimEnd('/')}/{join.Room}?jwt={Token(join)}";

    public string Token(ConferenceJoin join)
    {
        var subject = Jitsi.Subject is { Length: > 0 } s ? s : new Uri(Jitsi.BaseUrl).Host;
        var header = new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT" };
        var payload = new Dictionary<string, object>
        {
            ["aud"] = Jitsi.Audience,
            ["iss"] = Jitsi.AppId,
            ["sub"] = subject,
            ["room"] = join.Room,
            ["nbf"] = join.NotBefore.ToUnixTimeSeconds(),
            ["exp"] = join.ExpiresAt.ToUnixTimeSeconds(),
            ["context"] = new Dictionary<string, object>
            {
                ["user"] = new Dictionary<string, object> { ["id"] = join.UserId, ["name"] = join.DisplayName, ["moderator"] = join.Moderator },
            },
            ["moderator"] = join.Moderator,
        };
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Jitsi.AppSecret), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url(signature);
    }

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
