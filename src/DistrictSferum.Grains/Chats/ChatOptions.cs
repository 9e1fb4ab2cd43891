namespace DistrictSferum.Grains.Chats;

/// <summary>Limits of chat messages (configuration section "Chats").</summary>
public sealed class ChatOptions
{
    public const string Section = "Chats";

    public int MaxMessageLength { get; set; } = 4000;

    /// <summary>How long an author may edit their message.</summary>
    public TimeSpan EditWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>CHAT-7: messages a member may send at once before the rate applies.</summary>
    public int SendBurst { get; set; } = 20;

    /// <summary>CHAT-7: messages per second a member may keep sending in one chat.</summary>
    public double SendsPerSecond { get; set; } = 1;

    /// <summary>Idempotency keys each chat keeps in memory; older retries are still caught by the log's unique key.</summary>
    public int RecentKeys { get; set; } = 256;
}
