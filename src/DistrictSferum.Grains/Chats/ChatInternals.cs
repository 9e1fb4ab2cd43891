using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Grains.Chats;

/// <summary>
/// How a school's movements and rights changes reach one chat (key: chat id), from the school's register of chats:
/// decided from the facts handed over, trusting the school that decided them.
/// </summary>
[Alias("ds.IChatMembershipSync")]
internal interface IChatMembershipSync : IGrainWithStringKey
{
    /// <summary>
    /// ETH-9: after a school movement, members the chat no longer admits are removed. Decided from
    /// <paramref name="facts"/> alone (no call back into the school); applying it again changes nothing.
    /// </summary>
    [Alias("ApplyMovement")]
    Task ApplyMovement(Movement movement, MovementFacts facts);

    /// <summary>ORG-9: removes the member when this chat no longer admits them after <paramref name="change"/> (with its event).</summary>
    [Alias("ApplyRightsChange")]
    Task ApplyRightsChange(RightsChange change, MovementFacts facts);

    /// <summary>Applies what time decided: ended blocks, closed objection windows (also run by a reminder).</summary>
    [Alias("Refresh")]
    Task Refresh();
}

/// <summary>A chat as the registers that list it see it (key: chat id): system channels made at registration, summaries.</summary>
[Alias("ds.IChatRegistration")]
internal interface IChatRegistration : IGrainWithStringKey
{
    /// <summary>ORG-12: creates a school's system channel (from the school's register of chats, at registration).</summary>
    [Alias("CreateChannel")]
    Task<ChatView> CreateChannel(string schoolId, ChatKind kind, string administratorId, string administratorName);

    /// <summary>What a listing shows, for a register that already checked the viewer.</summary>
    [Alias("Summary")]
    Task<ChatView> Summary();
}

public sealed partial class ChatGrain : IChatMembershipSync, IChatRegistration;

/// <summary>What the school and its chats tell a school's register of chats (key: school id).</summary>
[Alias("ds.ISchoolChatsSync")]
internal interface ISchoolChatsSync : IGrainWithStringKey
{
    [Alias("Register")]
    Task Register(ChatView chat);

    /// <summary>
    /// ETH-9: hands a movement to every chat of the school, a few at a time with retries, remembering which chats
    /// have it; returns once all applied it (a retry of the same movement skips those).
    /// </summary>
    [Alias("ApplyMovement")]
    Task ApplyMovement(Movement movement, MovementFacts facts);

    /// <summary>ORG-9: hands a rights change to every chat of the school, like a movement (progress kept, retried).</summary>
    [Alias("ApplyRightsChange")]
    Task ApplyRightsChange(RightsChange change, MovementFacts facts);

    /// <summary>ORG-12: the school-wide and staff channels, created once.</summary>
    [Alias("EnsureChannels")]
    Task EnsureChannels(string administratorId, string administratorName);

    /// <summary>Issue 9: a chat tells its summary when what a listing shows changed (one-way: the chat never waits on it).</summary>
    [Alias("UpdateSummary"), Orleans.Concurrency.OneWay]
    Task UpdateSummary(ChatView chat);
}

public sealed partial class SchoolChatsGrain : ISchoolChatsSync;

/// <summary>A school's settings for personal conversations, for chat grains that already checked the caller (key: school id).</summary>
[Alias("ds.IPersonalSettingsSource")]
internal interface IPersonalSettingsSource : IGrainWithStringKey
{
    [Alias("Current")]
    Task<PersonalSettings> Current();
}
