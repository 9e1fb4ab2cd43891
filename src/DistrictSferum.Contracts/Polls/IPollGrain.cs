namespace DistrictSferum.Contracts.Polls;

/// <summary>A new poll in a chat (CHAT-8): a question, 2-10 options, single or multiple choice, anonymous or open, an optional closing time.</summary>
[GenerateSerializer, Immutable, Alias("ds.NewPoll")]
public sealed record NewPoll(
    [property: Id(0)] string Question,
    [property: Id(1)] IReadOnlyList<string> Options,
    [property: Id(2)] bool MultipleChoice,
    [property: Id(3)] bool Anonymous,
    [property: Id(4)] DateTimeOffset? ClosesAt);

/// <summary>One option with its count and, for open (not anonymous) polls, who chose it.</summary>
[GenerateSerializer, Immutable, Alias("ds.PollOptionView")]
public sealed record PollOptionView([property: Id(0)] int Index, [property: Id(1)] string Text, [property: Id(2)] int Count, [property: Id(3)] IReadOnlyList<string> VoterIds);

/// <summary>A poll as a member of its chat sees it: the counts, their own choice, voters only where the poll is open.</summary>
[GenerateSerializer, Immutable, Alias("ds.PollView")]
public sealed record PollView(
    [property: Id(0)] string PollId,
    [property: Id(1)] string ChatId,
    [property: Id(2)] string CreatedBy,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] string Question,
    [property: Id(5)] IReadOnlyList<PollOptionView> Options,
    [property: Id(6)] bool MultipleChoice,
    [property: Id(7)] bool Anonymous,
    [property: Id(8)] DateTimeOffset? ClosesAt,
    [property: Id(9)] DateTimeOffset? ClosedAt,
    [property: Id(10)] string? ClosedBy,
    [property: Id(11)] int Voters,
    [property: Id(12)] IReadOnlyList<int> MyChoices);

/// <summary>
/// A poll of a chat (key: poll id). Votes are kept in its persisted state: a vote is acknowledged only once stored,
/// and voting for the same choice again changes nothing, so a retried vote counts once.
/// </summary>
[Alias("ds.IPollGrain")]
public interface IPollGrain : IGrainWithStringKey
{
    /// <summary>The poll as a member of its chat sees it; to anyone else it does not exist (DIS-1).</summary>
    [Alias("Get")]
    Task<PollView> Get(Actor actor);

    /// <summary>CHAT-8: casts or changes the actor's vote; a blocked member may not vote; a closed poll takes no votes.</summary>
    [Alias("Vote")]
    Task<PollView> Vote(Actor actor, IReadOnlyList<int> choices);

    /// <summary>CHAT-8: takes the actor's vote back while the poll is open.</summary>
    [Alias("Retract")]
    Task<PollView> Retract(Actor actor);

    /// <summary>CHAT-8: its creator or a moderator of the chat closes the poll before its time.</summary>
    [Alias("Close")]
    Task<PollView> Close(Actor actor);
}
