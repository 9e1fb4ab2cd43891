using System.ComponentModel.DataAnnotations;
using DistrictSferum.Contracts.Options;

namespace DistrictSferum.Grains.Identity;

/// <summary>Limits of one-time sign-in codes (configuration section "Identity:SignIn").</summary>
public sealed class SignInOptions
{
    public const string Section = "Identity:SignIn";

    [Positive]
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    [Range(4, 12)]
    public int CodeLength { get; set; } = 6;

    /// <summary>Wrong guesses allowed for one code before it is burned.</summary>
    [Range(1, int.MaxValue)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Codes that may be requested for one address within <see cref="RequestWindow"/>.</summary>
    [Range(1, int.MaxValue)]
    public int MaxRequestsPerWindow { get; set; } = 5;

    [Positive]
    public TimeSpan RequestWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Wrong codes for one address (across all its codes) within <see cref="FailureWindow"/> before it is locked.</summary>
    [Range(1, int.MaxValue)]
    public int MaxFailuresPerWindow { get; set; } = 10;

    [Positive]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The first lock; each further lock lasts four times longer, up to <see cref="MaxLock"/>.</summary>
    [Positive]
    public TimeSpan FirstLock { get; set; } = TimeSpan.FromHours(1);

    [Positive]
    public TimeSpan MaxLock { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A contact that asked for a code and never signed in is removed this long after its last request
    /// (never while a lock or a failure window of it runs).</summary>
    [Positive]
    public TimeSpan UnverifiedContactLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often each server looks for such contacts.</summary>
    [Positive]
    public TimeSpan UnverifiedContactSweepEvery { get; set; } = TimeSpan.FromHours(1);
}
