using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Common;
using DistrictSferum.Grains.Schools;

namespace DistrictSferum.Grains.Chats;

[GenerateSerializer, Alias("ds.SchoolChatsState")]
public sealed class SchoolChatsState
{
    [Id(0)] public List<string> ChatIds { get; set; } = [];
    [Id(1)] public string? SchoolChannelId { get; set; }
    [Id(2)] public string? StaffChannelId { get; set; }

    /// <summary>Movements and rights changes being applied (id -> chats that have it), so a retry resumes where it stopped.</summary>
    [Id(3)] public Dictionary<string, HashSet<string>> Applying { get; set; } = [];

    /// <summary>
    /// Issue 9 item 3: each chat's summary as it last told it (what a listing shows), so listing never activates the
    /// chats; a chat registered before summaries existed is read once, on the first listing that needs it.
    /// </summary>
    [Id(4)] public Dictionary<string, ChatView> Summaries { get; set; } = [];
}

/// <summary>Grain to grain: the school's outbox hands the new year's changes to class chats (archive, rename) to its register of chats.</summary>
internal interface ISchoolChatRollover : IGrainWithStringKey
{
    [Alias("ApplyClassRollover")]
    Task ApplyClassRollover(ClassChatsRollover rollover);
}

/// <summary>
/// The register of a school's chats, and how the school's movements reach them: the school grain hands each
/// leaving or moving movement here before it drops it from its outbox, and every chat drops the members it no
/// longer admits (ETH-9). A movement is applied, not merely announced.
/// </summary>
public sealed partial class SchoolChatsGrain(
    [PersistentState("school-chats", StorageNames.Grains)] IPersistentState<SchoolChatsState> state) : Grain, ISchoolChatsGrain, ISchoolChatRollover, Statistics.ISchoolChatIds
{
    public Task<IReadOnlyList<string>> ChatIds() => Task.FromResult<IReadOnlyList<string>>(state.State.ChatIds.ToList());

    /// <summary>Only the last activity of some summaries moved since the state was written: written by a timer, not per message.</summary>
    private bool activityUnsaved;
    private IGrainTimer? activityFlush;

    private string SchoolId => this.GetPrimaryKeyString();

    public async Task Register(ChatView chat)
    {
        if (state.State.ChatIds.Contains(chat.ChatId) && state.State.Summaries.ContainsKey(chat.ChatId)) return;
        if (!state.State.ChatIds.Contains(chat.ChatId)) state.State.ChatIds.Add(chat.ChatId);
        state.State.Summaries[chat.ChatId] = chat;
        await state.WriteStateAsync();
    }

    public async Task UpdateSummary(ChatView chat)
    {
        if (!state.State.ChatIds.Contains(chat.ChatId)) return; // Registered by Register (or EnsureChannels) only.
        var (keep, persist) = ChatSummaries.Accept(state.State.Summaries.GetValueOrDefault(chat.ChatId), chat);
        if (!keep) return;
        state.State.Summaries[chat.ChatId] = chat;
        if (persist)
        {
            await state.WriteStateAsync();
            activityUnsaved = false;
            return;
        }

        activityUnsaved = true;
        activityFlush ??= this.RegisterGrainTimer(_ => FlushActivityAsync(), new GrainTimerCreationOptions(ChatSummaries.ActivityInterval, ChatSummaries.ActivityInterval));
    }

    private async Task FlushActivityAsync()
    {
        if (!activityUnsaved) return;
        activityUnsaved = false;
        await state.WriteStateAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => await FlushActivityAsync();

    public async Task EnsureChannels(string administratorId, string administratorName)
    {
        if (state.State.SchoolChannelId is null || state.State.StaffChannelId is null)
        {
            state.State.SchoolChannelId ??= Guid.NewGuid().ToString("N");
            state.State.StaffChannelId ??= Guid.NewGuid().ToString("N");
            foreach (var id in new[] { state.State.SchoolChannelId, state.State.StaffChannelId }.Where(id => !state.State.ChatIds.Contains(id)))
                state.State.ChatIds.Add(id);
            await state.WriteStateAsync();
        }

        await GrainFactory.GetGrain<IChatRegistration>(state.State.SchoolChannelId).CreateChannel(SchoolId, ChatKind.SchoolChannel, administratorId, administratorName);
        await GrainFactory.GetGrain<IChatRegistration>(state.State.StaffChannelId).CreateChannel(SchoolId, ChatKind.StaffChannel, administratorId, administratorName);
    }

    /// <summary>
    /// ORG-16: the director, deputies and administrators see every chat with its moderators; other members see the
    /// chats that admit them.
    /// </summary>
    public async Task<Page<ChatView>> List(Actor actor, PageRequest page)
    {
        var school = GrainFactory.GetGrain<ISchoolFacts>(SchoolId);
        MemberView member;
        try
        {
            member = await school.GetMembership(actor.UserId);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            throw DomainException.NotFound(CommonErrors.SchoolNotFound, "No such school.", Rules.Dis1);
        }

        var supervisor = (member.Roles & (SchoolRoles.Director | SchoolRoles.Deputy | SchoolRoles.Administrator)) != 0;
        await BackfillSummariesAsync();
        var chats = state.State.ChatIds.Select(id => state.State.Summaries.GetValueOrDefault(id)).OfType<ChatView>();
        // CHAT-10: personal conversations are nobody's but their two members' (ListMyChats shows them), not even a supervisor's.
        var visible = chats.Where(c => c.Kind != ChatKind.Personal && (supervisor || ChatAudience.Admits(c.Kind, c.ClassId, member))).OrderBy(c => c.CreatedAt).ToList();
        return Paging.Slice(visible, page);
    }

    /// <summary>Chats registered before summaries existed (or whose creation never finished): read once, then kept.</summary>
    private async Task BackfillSummariesAsync()
    {
        var missing = state.State.ChatIds.Where(id => !state.State.Summaries.ContainsKey(id)).ToList();
        if (missing.Count == 0) return;
        foreach (var batch in missing.Chunk(FanOut))
        {
            foreach (var summary in await Task.WhenAll(batch.Select(SummaryOrNullAsync)))
                if (summary is not null) state.State.Summaries[summary.ChatId] = summary;
        }

        await state.WriteStateAsync();
    }

    private async Task<ChatView?> SummaryOrNullAsync(string chatId)
    {
        try
        {
            return await GrainFactory.GetGrain<IChatRegistration>(chatId).Summary();
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            return null; // A channel whose creation has not happened yet: listed once it tells its summary.
        }
    }

    public Task ApplyMovement(Movement movement, MovementFacts facts) =>
        ApplyToEveryChatAsync(movement.MovementId, chat => chat.ApplyMovement(movement, facts));

    public Task ApplyRightsChange(RightsChange change, MovementFacts facts) =>
        ApplyToEveryChatAsync(change.ChangeId, chat => chat.ApplyRightsChange(change, facts));

    public Task ApplyClassRollover(ClassChatsRollover rollover) =>
        ApplyToEveryChatAsync(rollover.RolloverId, chat => GrainFactory.GetGrain<IChatRollover>(chat.GetPrimaryKeyString()).ApplyClassRollover(rollover));

    /// <summary>Hands a movement or rights change (<paramref name="id"/>) to every chat, recording which chats have it.</summary>
    private async Task ApplyToEveryChatAsync(string id, Func<IChatMembershipSync, Task> apply)
    {
        var done = state.State.Applying.TryGetValue(id, out var applied) ? applied : state.State.Applying[id] = [];
        var todo = state.State.ChatIds.Where(id => !done.Contains(id)).ToList();
        Exception? failure = null;
        foreach (var batch in todo.Chunk(FanOut))
        {
            var results = await Task.WhenAll(batch.Select(async chatId =>
            {
                try
                {
                    await Retry.TransientAsync(() => apply(GrainFactory.GetGrain<IChatMembershipSync>(chatId)), Attempts);
                    return (chatId, (Exception?)null);
                }
                catch (Exception e)
                {
                    return (chatId, e);
                }
            }));
            foreach (var (chatId, error) in results)
            {
                if (error is null) done.Add(chatId);
                else failure ??= error;
            }

            // Progress survives a crash: a retry of this movement skips the chats recorded here.
            await state.WriteStateAsync();
        }

        if (failure is not null) throw new InvalidOperationException($"Change {id} reached {done.Count} of {state.State.ChatIds.Count} chats.", failure);
        state.State.Applying.Remove(id);
        await state.WriteStateAsync();
    }

    /// <summary>How many chats take a movement at once: enough to finish quickly, few enough not to flood the silo.</summary>
    private const int FanOut = 8;

    private const int Attempts = 3;
}
