namespace DistrictSferum.Contracts.Polls;

/// <summary>The error codes of polls in chats (CHAT-8).</summary>
public static class PollErrors
{
    public const string PollNotFound = "POLL_NOT_FOUND";
    public const string PollClosed = "POLL_CLOSED";
    public const string PollOptionsInvalid = "POLL_OPTIONS_INVALID";
    public const string PollChoiceInvalid = "POLL_CHOICE_INVALID";
    public const string PollCloseTimeInvalid = "POLL_CLOSE_TIME_INVALID";
    public const string NotPollCreator = "NOT_POLL_CREATOR";
    public const string MayNotCreatePoll = "MAY_NOT_CREATE_POLL";
}
