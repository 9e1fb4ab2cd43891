using System.Security.Cryptography;
using System.Text;
using DistrictSferum.Contracts.Options;
using DistrictSferum.Grains.Meetings.Conferencing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DistrictSferum.Grains.Meetings;

public static class MeetingServices
{
    /// <summary>
    /// Meetings' options (validated at start), their PostgreSQL store and the district's conferencing provider.
    /// Without its own secret the URL-template signature key is derived from the JWT key, never the key itself.
    /// </summary>
    public static IServiceCollection AddSferumMeetings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<MeetingOptions>(configuration, MeetingOptions.Section)
            .PostConfigure(o =>
            {
                if (o.UrlTemplate.Secret.Length == 0 && configuration["Jwt:SigningKey"] is { Length: > 0 } jwt)
                    o.UrlTemplate.Secret = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(jwt), Encoding.UTF8.GetBytes("district-sferum/meeting-urls")));
            })
            .Validate(Valid, "Meetings: Provider is Jitsi (with Jitsi:BaseUrl, AppId and an AppSecret of at least 32 characters) or UrlTemplate (with a Template and a base64 Secret); Capacity and ReminderLead must be positive.");
        services.TryAddSingleton<IMeetingStore, PostgresMeetingStore>();
        services.TryAddSingleton<IConferenceProvider>(sp =>
            IsJitsi(sp.GetRequiredService<IOptions<MeetingOptions>>().Value)
                ? new JitsiConferenceProvider(sp.GetRequiredService<IOptions<MeetingOptions>>())
                : new UrlTemplateConferenceProvider(sp.GetRequiredService<IOptions<MeetingOptions>>()));
        return services;
    }

    private static bool IsJitsi(MeetingOptions o) => string.Equals(o.Provider, "Jitsi", StringComparison.OrdinalIgnoreCase);

    private static bool Valid(MeetingOptions o)
    {
        if (o.Capacity < 1 || o.ReminderLead <= TimeSpan.Zero || o.JoinEarly < TimeSpan.Zero) return false;
        if (IsJitsi(o))
            return Uri.TryCreate(o.Jitsi.BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
                && o.Jitsi.AppId.Length > 0 && o.Jitsi.AppSecret.Length >= 32;
        if (!string.Equals(o.Provider, "UrlTemplate", StringComparison.OrdinalIgnoreCase) || !o.UrlTemplate.Template.Contains("{room}")) return false;
        try
        {
            return !o.UrlTemplate.Template.Contains("{signature}") || Convert.FromBase64String(o.UrlTemplate.Secret).Length >= 32;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
