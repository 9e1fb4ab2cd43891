namespace DistrictSferum.Grains.Identity;

/// <summary>Limits of one-time sign-in codes (configuration section "Identity:SignIn").</summary>
public sealed class SignInOptions
{
    public const string Section = "Identity:SignIn";

    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public int CodeLength { get; set; } = 6;

    /// <summary>Wrong guesses allowed for one code before it is burned.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Codes that may be requested for one address within <see cref="RequestWindow"/>.</summary>
    public int MaxRequestsPerWindow { get; set; } = 5;

    public TimeSpan RequestWindow { get; set; } = TimeSpan.FromHours(1);
}
