using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Polls;
using DistrictSferum.Grains.Polls;

namespace DistrictSferum.Tests.Rules;

public sealed class PollRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    private static PollState Poll(bool multiple = false, bool anonymous = false, DateTimeOffset? closes = null)
    {
        var poll = new PollState();
        poll.Create("chat", "teacher", new NewPoll("Кто придёт на собрание?", ["Приду", "Не приду", "Пока не знаю"], multiple, anonymous, closes), Now);
        return poll;
    }

    private static string CodeOf(Action action) => Assert.Throws<DomainException>(action).Code;

    [Fact]
    public void CHAT_8_a_poll_has_two_to_ten_different_options_and_closes_in_the_future()
    {
        NewPoll New(params string[] options) => new("Вопрос", options, false, false, null);
        Assert.Equal(PollErrors.PollOptionsInvalid, CodeOf(() => PollState.Validate(New("Да"), Now)));
        Assert.Equal(PollErrors.PollOptionsInvalid, CodeOf(() => PollState.Validate(New([.. Enumerable.Range(1, 11).Select(i => $"{i}")]), Now)));
        Assert.Equal(PollErrors.PollOptionsInvalid, CodeOf(() => PollState.Validate(New("Да", "да"), Now)));
        Assert.Equal(CommonErrors.FieldBadCharacters, CodeOf(() => PollState.Validate(New("Да", "Нет\u202E"), Now)));
        Assert.Equal(PollErrors.PollCloseTimeInvalid, CodeOf(() => PollState.Validate(New("Да", "Нет") with { ClosesAt = Now }, Now)));
        Assert.Equal(PollErrors.PollCloseTimeInvalid, CodeOf(() => PollState.Validate(New("Да", "Нет") with { ClosesAt = Now.AddDays(91) }, Now)));
        Assert.Equal(["Да", "Нет"], PollState.Validate(New(" Да ", "Нет"), Now).Options);
    }

    [Fact]
    public void CHAT_8_the_same_vote_again_changes_nothing_and_a_changed_vote_moves_its_count()
    {
        var poll = Poll();
        Assert.True(poll.Vote("a", [0], Now));
        Assert.False(poll.Vote("a", [0], Now));
        Assert.Equal([1, 0, 0], poll.Counts());
        Assert.True(poll.Vote("a", [2], Now));
        Assert.Equal([0, 0, 1], poll.Counts());
        Assert.True(poll.Retract("a", Now));
        Assert.False(poll.Retract("a", Now));
        Assert.Equal([0, 0, 0], poll.Counts());
    }

    [Fact]
    public void CHAT_8_single_choice_takes_one_option_and_multiple_choice_several_each_once()
    {
        Assert.Equal(PollErrors.PollChoiceInvalid, CodeOf(() => Poll().Vote("a", [0, 1], Now)));
        Assert.Equal(PollErrors.PollChoiceInvalid, CodeOf(() => Poll().Vote("a", [3], Now)));
        Assert.Equal(PollErrors.PollChoiceInvalid, CodeOf(() => Poll().Vote("a", [], Now)));
        Assert.Equal(PollErrors.PollChoiceInvalid, CodeOf(() => Poll(multiple: true).Vote("a", [1, 1], Now)));
        var multiple = Poll(multiple: true);
        multiple.Vote("a", [2, 0], Now);
        multiple.Vote("b", [0], Now);
        Assert.Equal([2, 0, 1], multiple.Counts());
        Assert.Equal([0, 2], multiple.View("p", "a").MyChoices);
    }

    [Fact]
    public void CHAT_8_a_poll_closes_at_its_time_on_access_and_by_its_creator_or_a_moderator()
    {
        var timed = Poll(closes: Now.AddHours(1));
        Assert.False(timed.CloseIfDue(Now.AddMinutes(59)));
        Assert.True(timed.CloseIfDue(Now.AddHours(2)));
        Assert.Equal(Now.AddHours(1), timed.ClosedAt);
        Assert.Equal(PollErrors.PollClosed, CodeOf(() => timed.Vote("a", [0], Now.AddHours(2))));
        // Even where nobody recorded the closing yet, the time decides.
        Assert.Equal(PollErrors.PollClosed, CodeOf(() => Poll(closes: Now.AddHours(1)).Vote("a", [0], Now.AddHours(1))));

        var poll = Poll();
        Assert.Equal(PollErrors.NotPollCreator, CodeOf(() => poll.Close("student", actorIsModerator: false, Now)));
        Assert.True(poll.Close("moderator", actorIsModerator: true, Now));
        Assert.False(poll.Close("teacher", actorIsModerator: false, Now));
        Assert.Equal(PollErrors.PollClosed, CodeOf(() => poll.Retract("a", Now)));
    }

    [Fact]
    public void CHAT_8_voters_are_shown_for_open_polls_only()
    {
        var open = Poll();
        open.Vote("b", [1], Now);
        open.Vote("a", [1], Now);
        Assert.Equal(["a", "b"], open.View("p", "x").Options[1].VoterIds);
        var anonymous = Poll(anonymous: true);
        anonymous.Vote("a", [1], Now);
        Assert.All(anonymous.View("p", "x").Options, o => Assert.Empty(o.VoterIds));
        Assert.Equal(1, anonymous.View("p", "x").Options[1].Count);
    }
}
