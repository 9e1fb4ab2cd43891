using System.ComponentModel.DataAnnotations;
using DistrictSferum.Contracts.Options;

namespace DistrictSferum.Gateway.Auth;

/// <summary>Token settings (configuration section "Jwt"). The signing key never leaves configuration.</summary>
public sealed class JwtOptions
{
    public const string Section = "Jwt";

    /// <summary>HMAC-SHA256 key, base64, at least 32 bytes. Every server of a cluster shares it.</summary>
    public string SigningKey { get; set; } = "";

    [Required]
    public string Issuer { get; set; } = "district-sferum";

    [Required]
    public string Audience { get; set; } = "district-sferum";

    [Positive]
    public TimeSpan AccessLifetime { get; set; } = TimeSpan.FromMinutes(15);

}
