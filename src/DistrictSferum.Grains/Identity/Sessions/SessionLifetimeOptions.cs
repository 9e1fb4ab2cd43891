using DistrictSferum.Contracts.Options;

namespace DistrictSferum.Grains.Identity.Sessions;

/// <summary>Lifetimes of sign-in sessions (configuration section "Identity:Sessions").</summary>
public sealed class SessionLifetimeOptions
{
    public const string Section = "Identity:Sessions";

    /// <summary>A session ends this long after sign-in, however busy.</summary>
    [Positive]
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>A session ends when its refresh token was not used for this long.</summary>
    [Positive]
    public TimeSpan IdleLifetime { get; set; } = TimeSpan.FromDays(30);
}
