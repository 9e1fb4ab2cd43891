using System.ComponentModel.DataAnnotations;
using DistrictSferum.Contracts.Options;

namespace DistrictSferum.Grains.Chats;

/// <summary>Limits of chat messages (configuration section "Chats").</summary>
public sealed class ChatOptions
{
    public const string Section = "Chats";

    [Range(1, 1_000_000)]
    public int MaxMessageLength { get; set; } = 4000;

    /// <summary>How long an author may edit their message.</summary>
    [Positive]
    public TimeSpan EditWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>CHAT-7: messages a member may send at once before the rate applies.</summary>
    [Range(1, int.MaxValue)]
    public int SendBurst { get; set; } = 20;

    /// <summary>CHAT-7: messages per second a member may keep sending in one chat.</summary>
    [Range(0.0, double.MaxValue, MinimumIsExclusive = true)]
    public double SendsPerSecond { get; set; } = 1;

    /// <summary>Issue 9: joins and leaves of one channel a member may make at once before the rate applies.</summary>
    [Range(1, int.MaxValue)]
    public int ChannelMembershipBurst { get; set; } = 10;

    /// <summary>Issue 9: joins and leaves of one channel per second a member may keep making (default one a minute).</summary>
    [Range(0.0, double.MaxValue, MinimumIsExclusive = true)]
    public double ChannelMembershipPerSecond { get; set; } = 1.0 / 60;

    /// <summary>Idempotency keys each chat keeps in memory; older retries are still caught by the log's unique key.</summary>
    [Range(1, 100_000)]
    public int RecentKeys { get; set; } = 256;
}
