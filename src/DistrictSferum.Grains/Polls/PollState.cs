using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Polls;
using DistrictSferum.Grains.Common;

namespace DistrictSferum.Grains.Polls;

/// <summary>
/// A poll and its votes (CHAT-8), bounded by the chat's members. Pure: it decides and changes itself, or refuses before
/// changing anything. Closing by time is evaluated on access (<see cref="IsClosed"/>), like a block's end.
/// </summary>
[GenerateSerializer, Alias("ds.PollState")]
public sealed class PollState
{
    public const int MinOptions = 2;
    public const int MaxOptions = 10;
    public const int MaxQuestion = 300;
    public const int MaxOption = 200;
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(90);

    [Id(0)] public bool Created { get; set; }
    [Id(1)] public string ChatId { get; set; } = "";
    [Id(2)] public string CreatedBy { get; set; } = "";
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public string Question { get; set; } = "";
    [Id(5)] public List<string> Options { get; set; } = [];
    [Id(6)] public bool MultipleChoice { get; set; }
    [Id(7)] public bool Anonymous { get; set; }
    [Id(8)] public DateTimeOffset? ClosesAt { get; set; }
    [Id(9)] public DateTimeOffset? ClosedAt { get; set; }
    [Id(10)] public string? ClosedBy { get; set; }

    /// <summary>Each voter's current choice (option indexes, ascending). Kept for anonymous polls too, never shown there.</summary>
    [Id(11)] public Dictionary<string, List<int>> Votes { get; set; } = [];

    /// <summary>Checks a new poll; returns it normalised (the question and options as text rules want them).</summary>
    public static NewPoll Validate(NewPoll poll, DateTimeOffset now)
    {
        var question = TextRules.Required(poll.Question, "question", MaxQuestion, Rules.Chat8, multiline: true);
        var options = (poll.Options ?? []).Select((o, i) => TextRules.Required(o, $"options[{i}]", MaxOption, Rules.Chat8)).ToList();
        if (options.Count is < MinOptions or > MaxOptions)
            throw DomainException.InvalidField("options", PollErrors.PollOptionsInvalid, $"A poll has {MinOptions} to {MaxOptions} options.", Rules.Chat8);
        if (options.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Count)
            throw DomainException.InvalidField("options", PollErrors.PollOptionsInvalid, "A poll's options differ from each other.", Rules.Chat8);
        if (poll.ClosesAt is { } closes && (closes <= now || closes > now + MaxLifetime))
            throw DomainException.InvalidField("closes_at", PollErrors.PollCloseTimeInvalid, "A poll closes in the future, within 90 days.", Rules.Chat8);
        return poll with { Question = question, Options = options };
    }

    public void Create(string chatId, string creatorId, NewPoll poll, DateTimeOffset now)
    {
        var valid = Validate(poll, now);
        Created = true;
        ChatId = chatId;
        CreatedBy = creatorId;
        CreatedAt = now;
        Question = valid.Question;
        Options = [.. valid.Options];
        MultipleChoice = valid.MultipleChoice;
        Anonymous = valid.Anonymous;
        ClosesAt = valid.ClosesAt;
    }

    public bool IsClosed(DateTimeOffset now) => ClosedAt is not null || ClosesAt <= now;

    /// <summary>Records the closing time once it has come; true when this call closed the poll.</summary>
    public bool CloseIfDue(DateTimeOffset now)
    {
        if (ClosedAt is not null || !(ClosesAt <= now)) return false;
        ClosedAt = ClosesAt;
        return true;
    }

    /// <summary>CHAT-8: casts or changes a vote; true when the counts changed (the same choice again is a no-op: a retry counts once).</summary>
    public bool Vote(string voterId, IReadOnlyList<int> choices, DateTimeOffset now)
    {
        EnsureOpen(now);
        var chosen = (choices ?? []).Distinct().Order().ToList();
        if (chosen.Count == 0 || chosen.Count != (choices ?? []).Count || chosen.Any(i => i < 0 || i >= Options.Count))
            throw DomainException.InvalidField("choices", PollErrors.PollChoiceInvalid, $"Choose among options 0 to {Options.Count - 1}, each once.", Rules.Chat8);
        if (!MultipleChoice && chosen.Count > 1)
            throw DomainException.InvalidField("choices", PollErrors.PollChoiceInvalid, "This poll takes a single choice.", Rules.Chat8);
        if (Votes.TryGetValue(voterId, out var earlier) && earlier.SequenceEqual(chosen)) return false;
        Votes[voterId] = chosen;
        return true;
    }

    /// <summary>CHAT-8: takes a vote back while the poll is open; true when there was one.</summary>
    public bool Retract(string voterId, DateTimeOffset now)
    {
        EnsureOpen(now);
        return Votes.Remove(voterId);
    }

    /// <summary>CHAT-8: its creator or a moderator of the chat closes the poll; closing a closed poll changes nothing.</summary>
    public bool Close(string actorId, bool actorIsModerator, DateTimeOffset now)
    {
        if (actorId != CreatedBy && !actorIsModerator)
            throw DomainException.Denied(PollErrors.NotPollCreator, "Only the poll's creator or a moderator of the chat closes it.", Rules.Chat8);
        if (IsClosed(now)) return false;
        ClosedAt = now;
        ClosedBy = actorId;
        return true;
    }

    public IReadOnlyList<int> Counts()
    {
        var counts = new int[Options.Count];
        foreach (var choice in Votes.Values)
            foreach (var i in choice) counts[i]++;
        return counts;
    }

    public PollView View(string pollId, string viewerId)
    {
        var counts = Counts();
        var options = Options.Select((text, i) => new PollOptionView(i, text, counts[i],
            Anonymous ? [] : Votes.Where(v => v.Value.Contains(i)).Select(v => v.Key).Order(StringComparer.Ordinal).ToList())).ToList();
        return new PollView(pollId, ChatId, CreatedBy, CreatedAt, Question, options, MultipleChoice, Anonymous, ClosesAt, ClosedAt, ClosedBy,
            Votes.Count, Votes.TryGetValue(viewerId, out var mine) ? mine.ToList() : []);
    }

    private void EnsureOpen(DateTimeOffset now)
    {
        if (IsClosed(now)) throw DomainException.Precondition(PollErrors.PollClosed, "This poll is closed.", Rules.Chat8);
    }
}
