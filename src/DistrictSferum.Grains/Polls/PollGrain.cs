using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Polls;
using DistrictSferum.Grains.Chats;
using DistrictSferum.Grains.Common;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using Orleans.Serialization;
using Microsoft.Extensions.Logging;

namespace DistrictSferum.Grains.Polls;

/// <summary>What a chat asks of a poll it opens; trusted grain-to-grain.</summary>
[Alias("ds.IPollSetup")]
internal interface IPollSetup : IGrainWithStringKey
{
    /// <summary>Stores the new poll (already validated and authorised by the chat); a retry with the same id changes nothing.</summary>
    [Alias("Open")]
    Task<PollView> Open(string chatId, string creatorId, NewPoll poll);
}

/// <summary>
/// A poll (CHAT-8): decides through <see cref="PollState"/>, asks its chat who may see and vote, stores each vote
/// before answering, then has the chat log and publish the new counts so members' Subscribe streams see them live.
/// Group commit: the grain is reentrant, so votes arriving while a write is in flight are applied in memory and go
/// into the next write together (one state write and one counts event per batch instead of per vote); every call
/// answers only once everything it saw in memory is stored, so an acknowledged vote is durable and a retried vote
/// (no change in memory) still waits for the write that carries the first attempt.
/// </summary>
[Reentrant]
public sealed class PollGrain(
    [PersistentState("poll", StorageNames.Grains)] IPersistentState<PollState> state,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    DeepCopier<PollState> copier,
    ILogger<PollGrain> logger) : Grain, IPollGrain, IPollSetup
{
    /// <summary>The working copy calls change; each write stores a snapshot of it (a write in flight never sees later changes).</summary>
    private PollState working = null!;
    private long changes;
    private long stored;
    private Task? writing;
    /// <summary>What the next write announces to the chat (a closing wins over new counts), or nothing.</summary>
    private ChatEventKind? announce;

    private PollState Poll => working;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        working = copier.Copy(state.State);
        return Task.CompletedTask;
    }

    private string PollId => this.GetPrimaryKeyString();

    private DateTimeOffset Now => clock.GetUtcNow();

    private IChatParticipation Chat => GrainFactory.GetGrain<IChatParticipation>(Poll.ChatId);

    public async Task<PollView> Open(string chatId, string creatorId, NewPoll poll)
    {
        if (!Poll.Created)
        {
            Poll.Create(chatId, creatorId, poll, Now);
            Changed(null);
        }

        var view = Poll.View(PollId, creatorId);
        await DurableAsync();
        return view;
    }

    public async Task<PollView> Get(Actor actor)
    {
        await AccessAsync(actor, write: false);
        return await DurableViewAsync(actor);
    }

    public async Task<PollView> Vote(Actor actor, IReadOnlyList<int> choices)
    {
        var voter = await AccessAsync(actor);
        if (voter.Blocked) throw DomainException.Denied(ChatErrors.MemberBlocked, "You are blocked in this chat and cannot vote.", Rules.Eth6);
        if (voter.WriteRefusal is { } refusal) throw refusal;
        if (Poll.Vote(actor.UserId, choices, Now)) Changed(ChatEventKind.PollVotes);
        return await DurableViewAsync(actor);
    }

    public async Task<PollView> Retract(Actor actor)
    {
        var voter = await AccessAsync(actor);
        if (voter.Blocked) throw DomainException.Denied(ChatErrors.MemberBlocked, "You are blocked in this chat and cannot vote.", Rules.Eth6);
        if (voter.WriteRefusal is { } refusal) throw refusal;
        if (Poll.Retract(actor.UserId, Now)) Changed(ChatEventKind.PollVotes);
        return await DurableViewAsync(actor);
    }

    public async Task<PollView> Close(Actor actor)
    {
        var voter = await AccessAsync(actor);
        if (Poll.Close(actor.UserId, voter.Moderator, Now)) Changed(ChatEventKind.PollClosed);
        return await DurableViewAsync(actor);
    }

    /// <summary>
    /// DIS-1: only members of the poll's chat learn that it exists. A change asks the chat for a writer, which a suspended
    /// school refuses. Also applies a closing time that has come.
    /// </summary>
    private async Task<ChatParticipant> AccessAsync(Actor actor, bool write = true)
    {
        var voter = !Poll.Created ? null : write ? await Chat.Writer(actor.UserId) : await Chat.Participant(actor.UserId);
        if (voter is null) throw DomainException.NotFound(PollErrors.PollNotFound, "No such poll.", Rules.Dis1);
        if (Poll.CloseIfDue(Now))
        {
            Changed(ChatEventKind.PollClosed);
            await DurableAsync();
        }

        return voter;
    }

    /// <summary>The poll as this call left it, answered once all of that is stored: nothing shown that a crash could take back.</summary>
    private async Task<PollView> DurableViewAsync(Actor actor)
    {
        var view = Poll.View(PollId, actor.UserId);
        await DurableAsync();
        return view;
    }

    private void Changed(ChatEventKind? kind)
    {
        changes++;
        if (kind is not null && announce != ChatEventKind.PollClosed) announce = kind;
    }

    /// <summary>Returns once every change made in memory so far is stored (joining the write in flight or the next one).</summary>
    private async Task DurableAsync()
    {
        var target = changes;
        while (stored < target)
        {
            if (writing is null or { IsCompleted: true }) writing = WriteBatchAsync();
            await writing;
        }
    }

    /// <summary>One write of everything changed so far, then one event with the counts for the chat's members.</summary>
    private async Task WriteBatchAsync()
    {
        var version = changes;
        var kind = announce;
        announce = null;
        state.State = copier.Copy(working);
        await WriteAsync();
        stored = version;
        if (kind is not { } k) return;
        try
        {
            // The poll's creator stands as the event's actor: an anonymous poll's events must not name voters.
            await Chat.PostPollEvent(new ChatEvent(Poll.ChatId, 0, k, Poll.CreatedBy, Now, PollId: PollId, PollCounts: Poll.Counts()));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The votes are stored; the next change or a GetPoll shows the counts.
            logger.LogWarning(e, "Publishing the counts of poll {PollId} in chat {ChatId} failed", PollId, Poll.ChatId);
        }
    }

    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory may be ahead of storage: start again from what is stored.
            DeactivateOnIdle();
            throw;
        }
    }
}
