namespace DistrictSferum.Contracts;

/// <summary>Streams grains publish on. Memory streams carry them; the durable truth is always in PostgreSQL.</summary>
public static class StreamNames
{
    public const string Provider = "Sferum";

    /// <summary>A chat's events (key: chat id), for the silos whose clients follow the chat.</summary>
    public const string Chat = "chat";

    /// <summary>A school's movements (key: school id), for chats to drop leavers (ETH-9).</summary>
    public const string SchoolMovements = "school-movements";

    /// <summary>A school's moderation audit rows as they are appended (key: school id), for supervisors following live (ORG-16).</summary>
    public const string Moderation = "moderation";

    /// <summary>
    /// Statistics doorbells (DIS-4): a school's aggregator closed buckets (key: school id, and
    /// <see cref="UsageDistrictKey"/> for the district's watchers). The figures are in PostgreSQL.
    /// </summary>
    public const string Usage = "usage";

    public const string UsageDistrictKey = "district";

    /// <summary>A member's meeting notices (key: user id), for their Subscribe stream (CHAT-9, ORG-13).</summary>
    public const string MeetingNotices = "meeting-notices";

    /// <summary>
    /// Support tickets as they change (REG-5): key a school id (its administrators), <c>district</c> (operators) or a
    /// requester's key (their own tickets). The tickets themselves are in PostgreSQL.
    /// </summary>
    public const string Support = "support";
}
