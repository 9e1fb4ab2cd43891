using DistrictSferum.Contracts.Options;

namespace DistrictSferum.Gateway.Chats;

/// <summary>Server streams (configuration section "Gateway:Streams").</summary>
public sealed class StreamOptions
{
    public const string Section = "Gateway:Streams";

    /// <summary>
    /// Issue 9: how often a Subscribe stream checks each chat's committed position against what it sent (filling any
    /// gap from the log), picks up chats the member joined meanwhile, and sends a <c>heartbeat</c> with its positions.
    /// </summary>
    [Positive]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);
}
