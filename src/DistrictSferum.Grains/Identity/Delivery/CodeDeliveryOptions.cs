using System.ComponentModel.DataAnnotations;
using DistrictSferum.Contracts.Options;

namespace DistrictSferum.Grains.Identity.Delivery;

/// <summary>How sign-in codes leave the system (configuration section "Identity:Delivery").</summary>
public sealed class CodeDeliveryOptions
{
    public const string Section = "Identity:Delivery";

    /// <summary>"Development" writes codes to the log and a file; "Production" sends e-mail by SMTP and SMS by HTTP.</summary>
    public string Mode { get; set; } = "Development";

    /// <summary>Development: the file codes are appended to.</summary>
    public string? CodesFile { get; set; }

    /// <summary>Codes waiting to be sent, per server; beyond it RequestCode answers RESOURCE_EXHAUSTED.</summary>
    [Range(1, int.MaxValue)]
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Deliveries sent at once, per server.</summary>
    [Range(1, 256)]
    public int Workers { get; set; } = 4;

    /// <summary>One delivery's limit; a provider slower than this is abandoned (the person asks for a new code).</summary>
    [Positive]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The retry-after a full queue answers with.</summary>
    [Positive]
    public TimeSpan QueueFullRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    public SmtpOptions Smtp { get; set; } = new();

    public SmsGatewayOptions Sms { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    public bool UseStartTls { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "no-reply@example.org";
    public string Subject { get; set; } = "Код входа DistrictSferum";
}

/// <summary>
/// A generic HTTP SMS gateway: the code is POSTed as JSON <c>{"to": "+7...", "text": "..."}</c> to <see cref="Url"/>,
/// with <c>Authorization: Bearer {ApiKey}</c> when a key is set. Any 2xx answer means accepted.
/// </summary>
public sealed class SmsGatewayOptions
{
    public string Url { get; set; } = "";
    public string? ApiKey { get; set; }
    public string Text { get; set; } = "Код входа DistrictSferum: {0}";
}
