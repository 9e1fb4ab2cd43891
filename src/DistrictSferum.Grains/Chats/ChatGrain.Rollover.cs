using DistrictSferum.Contracts.Chats;

namespace DistrictSferum.Grains.Chats;

/// <summary>
/// What the new school year does to class chats: those of <see cref="ArchivedClassIds"/> are archived (the school's
/// choice; a graduated class's always); those following their class take its new name in their title (5Б -> 6Б).
/// Applied once per chat however often the school's outbox delivers it.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.ClassChatsRollover")]
public sealed record ClassChatsRollover(
    [property: Id(0)] string RolloverId,
    [property: Id(1)] IReadOnlyList<string> ArchivedClassIds,
    [property: Id(2)] IReadOnlyDictionary<string, ClassRename> Renamed,
    [property: Id(3)] string ActorId,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] string ArchiveNotice);

[GenerateSerializer, Immutable, Alias("ds.ClassRename")]
public sealed record ClassRename([property: Id(0)] string From, [property: Id(1)] string To);

/// <summary>Grain to grain: a school's register of chats hands the rollover to each chat (out of the gateway's reach).</summary>
internal interface IChatRollover : IGrainWithStringKey
{
    [Alias("ApplyClassRollover")]
    Task ApplyClassRollover(ClassChatsRollover rollover);
}

public sealed partial class ChatGrain : IChatRollover
{
    /// <summary>Read-only from now on (<see cref="Districts.SuspensionRules.IsRefusedWhenArchived"/>): history stays, members may leave.</summary>
    internal bool IsArchived => Chat.ArchivedAt is not null;

    public async Task ApplyClassRollover(ClassChatsRollover rollover)
    {
        if (!Chat.Created || IsArchived || Chat.ClassId is not { } classId) return;
        if (rollover.ArchivedClassIds.Contains(classId))
        {
            Chat.ArchivedAt = rollover.At;
            await state.WriteStateAsync();
            await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.ChatArchived, rollover.ActorId, Now, Body: rollover.ArchiveNotice));
        }
        else if (rollover.Renamed.TryGetValue(classId, out var rename) && Chat.Title.Contains(rename.From, StringComparison.Ordinal))
        {
            // A retry finds the new name already there and changes nothing (6Б does not contain 5Б).
            Chat.Title = Chat.Title.Replace(rename.From, rename.To, StringComparison.Ordinal);
            await state.WriteStateAsync();
        }
    }
}
