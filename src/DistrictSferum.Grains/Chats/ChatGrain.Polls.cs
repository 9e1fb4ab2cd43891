using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Polls;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Polls;

namespace DistrictSferum.Grains.Chats;

/// <summary>A member as the chat's polls and files see them.</summary>
[GenerateSerializer, Immutable, Alias("ds.ChatParticipant")]
public sealed record ChatParticipant([property: Id(0)] bool Moderator, [property: Id(1)] bool Blocked)
{
    /// <summary>In a personal conversation: why the member may not write (vote) there now (CHAT-10, ETH-3), or null.</summary>
    [Id(2)] public DomainException? WriteRefusal { get; init; }
}

/// <summary>What a poll or a file asks of its chat; trusted grain-to-grain.</summary>
[Alias("ds.IChatParticipation")]
internal interface IChatParticipation : IGrainWithStringKey
{
    /// <summary>The member (blocked or not), or null for anyone who is not a member.</summary>
    [Alias("Participant")]
    Task<ChatParticipant?> Participant(string userId);

    /// <summary>
    /// As <see cref="Participant"/>, for a member about to change something of the chat through another grain (a
    /// poll's vote or close): a write of the chat, so a suspended school refuses it.
    /// </summary>
    [Alias("Writer")]
    Task<ChatParticipant?> Writer(string userId);

    /// <summary>Logs and publishes a poll's event (opened, counts, closed) like any other event of the chat.</summary>
    [Alias("PostPollEvent")]
    Task PostPollEvent(ChatEvent chatEvent);
}

public sealed partial class ChatGrain : IChatParticipation
{
    public async Task<PollView> CreatePoll(Actor actor, NewPoll poll, string? requestId)
    {
        await ApplyTimeAsync();
        Chat.RequireParticipant(actor.UserId);
        if (Chat.IsBlocked(actor.UserId, Now)) throw DomainException.Denied(ChatErrors.MemberBlocked, "You are blocked in this chat.", Rules.Eth6);
        Chat.EnsureMayWritePersonal(actor.UserId);
        if (!Chat.ModeratorIds.Contains(actor.UserId) && !IsVerifiedTeacher(await MembershipOrNull(School, actor.UserId)))
            throw DomainException.Denied(PollErrors.MayNotCreatePoll, "Moderators and verified teachers of the chat open polls.", Rules.Chat8);
        var valid = PollState.Validate(poll, Now);
        limiter.Take(actor.UserId, Now);
        // Issue 9: the poll's id derives from the request id, and its announcement carries a key the log stores once.
        var pollId = ClientRequestIds.IdOf(keys, "poll/" + ChatId, actor.UserId, requestId);
        var view = await GrainFactory.GetGrain<IPollSetup>(pollId).Open(ChatId, actor.UserId, valid);
        await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.PollOpened, actor.UserId, Now, Body: view.Question,
            PollId: view.PollId, PollCounts: view.Options.Select(o => o.Count).ToList(), ClientKey: requestId is null ? null : "poll-" + pollId));
        return view;
    }

    private static bool IsVerifiedTeacher(MemberView? m) => m is not null && (m.Roles & SchoolRoles.Teacher) != 0 && m.VerifiedTeacher;

    Task<ChatParticipant?> IChatParticipation.Participant(string userId) =>
        Task.FromResult(Chat.Created && Chat.Members.ContainsKey(userId)
            ? new ChatParticipant(Chat.ModeratorIds.Contains(userId), Chat.IsBlocked(userId, Now)) { WriteRefusal = Chat.PersonalWriteRefusal(userId) }
            : null);

    Task<ChatParticipant?> IChatParticipation.Writer(string userId) => ((IChatParticipation)this).Participant(userId);

    async Task IChatParticipation.PostPollEvent(ChatEvent chatEvent)
    {
        if (!Chat.Created) return;
        await AppendAndPublishAsync(chatEvent with { ChatId = ChatId });
    }
}
