using System.ComponentModel.DataAnnotations;
using DistrictSferum.Contracts.Options;

namespace DistrictSferum.Grains.Meetings;

/// <summary>Meetings of the district: its conferencing provider, reminder lead, capacity (section "Meetings").</summary>
public sealed class MeetingOptions
{
    public const string Section = "Meetings";

    /// <summary><c>Jitsi</c> or <c>UrlTemplate</c>.</summary>
    public string Provider { get; set; } = "UrlTemplate";

    /// <summary>How long before an occurrence starts its reminder is announced.</summary>
    [Positive]
    public TimeSpan ReminderLead { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long before the start the audience may already take join URLs.</summary>
    public TimeSpan JoinEarly { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Participants per occurrence of a call, lesson or meeting (broadcasts: unlimited); 100 as in Sferum.</summary>
    [Range(1, int.MaxValue)]
    public int Capacity { get; set; } = 100;

    public JitsiOptions Jitsi { get; set; } = new();

    public UrlTemplateOptions UrlTemplate { get; set; } = new();
}

/// <summary>A Jitsi Meet deployment with JWT authentication (prosody token auth: app id + shared secret).</summary>
public sealed class JitsiOptions
{
    /// <summary>Base URL of the Jitsi Meet web app, e.g. https://meet.district.example.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>The token's <c>iss</c>: Jitsi's app_id.</summary>
    public string AppId { get; set; } = "";

    /// <summary>The HS256 shared secret (Jitsi's app_secret).</summary>
    public string AppSecret { get; set; } = "";

    /// <summary>The token's <c>aud</c>.</summary>
    public string Audience { get; set; } = "jitsi";

    /// <summary>The token's <c>sub</c>: the XMPP domain or tenant; empty: the base URL's host.</summary>
    public string Subject { get; set; } = "";
}

/// <summary>
/// Any other provider: a URL with placeholders {room}, {user}, {name}, {moderator}, {expires} (Unix seconds) and
/// {signature} (base64url HMAC-SHA256 of "room|user|moderator|expires" under <see cref="Secret"/>).
/// </summary>
public sealed class UrlTemplateOptions
{
    public string Template { get; set; } = "https://meet.example.org/{room}?user={user}&name={name}&moderator={moderator}&expires={expires}&sig={signature}";

    /// <summary>Base64 key for {signature}; required when the template uses it.</summary>
    public string Secret { get; set; } = "";
}
