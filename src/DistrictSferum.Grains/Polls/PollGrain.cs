using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Polls;
using DistrictSferum.Grains.Chats;
using DistrictSferum.Grains.Common;
using Microsoft.Extensions.DependencyInjection;
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
/// </summary>
public sealed class PollGrain(
    [PersistentState("poll", StorageNames.Grains)] IPersistentState<PollState> state,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    ILogger<PollGrain> logger) : Grain, IPollGrain, IPollSetup
{
    private PollState Poll => state.State;

    private string PollId => this.GetPrimaryKeyString();

    private DateTimeOffset Now => clock.GetUtcNow();

    private IChatParticipation Chat => GrainFactory.GetGrain<IChatParticipation>(Poll.ChatId);

    public async Task<PollView> Open(string chatId, string creatorId, NewPoll poll)
    {
        if (Poll.Created) return Poll.View(PollId, creatorId);
        Poll.Create(chatId, creatorId, poll, Now);
        await WriteAsync();
        return Poll.View(PollId, creatorId);
    }

    public async Task<PollView> Get(Actor actor)
    {
        await AccessAsync(actor);
        return Poll.View(PollId, actor.UserId);
    }

    public async Task<PollView> Vote(Actor actor, IReadOnlyList<int> choices)
    {
        var voter = await AccessAsync(actor);
        if (voter.Blocked) throw DomainException.Denied(ChatErrors.MemberBlocked, "You are blocked in this chat and cannot vote.", Rules.Eth6);
        if (voter.WriteRefusal is { } refusal) throw refusal;
        if (Poll.Vote(actor.UserId, choices, Now)) await CountsChangedAsync(ChatEventKind.PollVotes);
        return Poll.View(PollId, actor.UserId);
    }

    public async Task<PollView> Retract(Actor actor)
    {
        var voter = await AccessAsync(actor);
        if (voter.Blocked) throw DomainException.Denied(ChatErrors.MemberBlocked, "You are blocked in this chat and cannot vote.", Rules.Eth6);
        if (voter.WriteRefusal is { } refusal) throw refusal;
        if (Poll.Retract(actor.UserId, Now)) await CountsChangedAsync(ChatEventKind.PollVotes);
        return Poll.View(PollId, actor.UserId);
    }

    public async Task<PollView> Close(Actor actor)
    {
        var voter = await AccessAsync(actor);
        if (Poll.Close(actor.UserId, voter.Moderator, Now)) await CountsChangedAsync(ChatEventKind.PollClosed);
        return Poll.View(PollId, actor.UserId);
    }

    /// <summary>DIS-1: only members of the poll's chat learn that it exists. Also applies a closing time that has come.</summary>
    private async Task<ChatParticipant> AccessAsync(Actor actor)
    {
        var voter = Poll.Created ? await Chat.Participant(actor.UserId) : null;
        if (voter is null) throw DomainException.NotFound(PollErrors.PollNotFound, "No such poll.", Rules.Dis1);
        if (Poll.CloseIfDue(Now)) await CountsChangedAsync(ChatEventKind.PollClosed);
        return voter;
    }

    /// <summary>Stored first (the acknowledgement means durable), then told to the chat's members.</summary>
    private async Task CountsChangedAsync(ChatEventKind kind)
    {
        await WriteAsync();
        try
        {
            // The poll's creator stands as the event's actor: an anonymous poll's events must not name voters.
            await Chat.PostPollEvent(new ChatEvent(Poll.ChatId, 0, kind, Poll.CreatedBy, Now, PollId: PollId, PollCounts: Poll.Counts()));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The vote is stored; the next change or a GetPoll shows the counts.
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
