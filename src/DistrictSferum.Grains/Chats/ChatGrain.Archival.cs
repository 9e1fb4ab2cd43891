using DistrictSferum.Contracts.Chats;

namespace DistrictSferum.Grains.Chats;

/// <summary>
/// The new school year archives the chats of some classes (the school's choice; a graduated class's always), each
/// exactly once however often the school's outbox delivers it.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.ClassChatsArchival")]
public sealed record ClassChatsArchival(
    [property: Id(0)] string ArchivalId,
    [property: Id(1)] IReadOnlyList<string> ClassIds,
    [property: Id(2)] string ActorId,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string Notice);

/// <summary>Grain to grain: a school's register of chats hands an archival to each chat (out of the gateway's reach).</summary>
internal interface IChatArchival : IGrainWithStringKey
{
    [Alias("ApplyArchival")]
    Task ApplyArchival(ClassChatsArchival archival);
}

public sealed partial class ChatGrain : IChatArchival
{
    /// <summary>Read-only from now on (<see cref="Districts.SuspensionRules.IsRefusedWhenArchived"/>): history stays, members may leave.</summary>
    internal bool IsArchived => Chat.ArchivedAt is not null;

    public async Task ApplyArchival(ClassChatsArchival archival)
    {
        if (!Chat.Created || IsArchived || Chat.ClassId is not { } classId || !archival.ClassIds.Contains(classId)) return;
        Chat.ArchivedAt = archival.At;
        await state.WriteStateAsync();
        await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.ChatArchived, archival.ActorId, Now, Body: archival.Notice));
    }
}
