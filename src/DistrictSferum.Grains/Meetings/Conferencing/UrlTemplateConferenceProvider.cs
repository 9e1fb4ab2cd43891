using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace DistrictSferum.Grains.Meetings.Conferencing;

/// <summary>A provider reached through a URL template; {signature} lets it check the URL was issued here and not altered.</summary>
public sealed class UrlTemplateConferenceProvider(IOptions<MeetingOptions> options) : IConferenceProvider
{
    public string JoinUrl(ConferenceJoin join)
    {
        var template = options.Value.UrlTemplate;
        var expires = join.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var moderator = join.Moderator ? "1" : "0";
        var url = template.Template
            .Replace("{room}", Uri.EscapeDataString(join.Room))
            .Replace("{user}", Uri.EscapeDataString(join.UserId))
            .Replace("{name}", Uri.EscapeDataString(join.DisplayName))
            .Replace("{moderator}", moderator)
            .Replace("{expires}", expires);
        if (url.Contains("{signature}"))
            url = url.Replace("{signature}", Signature(template.Secret, join.Room, join.UserId, moderator, expires));
        return url;
    }

    public static string Signature(string base64Secret, string room, string user, string moderator, string expires) =>
        JitsiConferenceProvider.Base64Url(HMACSHA256.HashData(Convert.FromBase64String(base64Secret),
            Encoding.UTF8.GetBytes($"{room}|{user}|{moderator}|{expires}")));
}
