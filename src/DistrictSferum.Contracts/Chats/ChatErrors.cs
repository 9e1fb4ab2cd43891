namespace DistrictSferum.Contracts.Chats;

/// <summary>
/// The error codes (google.rpc.ErrorInfo reasons) of chats, their messages and membership: stable, clients switch on them.
/// The catalogue of every code with its status and rules is generated into protos/ERRORS.md by a test.
/// </summary>
public static class ChatErrors
{
    public const string AlreadyBlocked = "ALREADY_BLOCKED";
    public const string AlreadyReminded = "ALREADY_REMINDED";
    public const string ApologyAlreadyPosted = "APOLOGY_ALREADY_POSTED";
    public const string ApologyNotExpected = "APOLOGY_NOT_EXPECTED";
    public const string AuthorNotMember = "AUTHOR_NOT_MEMBER";
    public const string BlockEndInvalid = "BLOCK_END_INVALID";
    public const string BlockTooLong = "BLOCK_TOO_LONG";
    public const string ChannelIsSystem = "CHANNEL_IS_SYSTEM";
    public const string ChannelReadOnly = "CHANNEL_READ_ONLY";
    public const string ChatArchived = "CHAT_ARCHIVED";
    public const string ChatExists = "CHAT_EXISTS";
    public const string ChatKindInvalid = "CHAT_KIND_INVALID";
    public const string ChatNotFound = "CHAT_NOT_FOUND";
    public const string ChatReloading = "CHAT_RELOADING";
    public const string ClassRequired = "CLASS_REQUIRED";
    public const string ClauseInvalid = "CLAUSE_INVALID";
    public const string ClientKeyInvalid = "CLIENT_KEY_INVALID";
    public const string EditWindowPassed = "EDIT_WINDOW_PASSED";
    public const string InvitationRequired = "INVITATION_REQUIRED";
    public const string LastModerator = "LAST_MODERATOR";
    public const string LinkExpired = "LINK_EXPIRED";
    public const string LinkInvalid = "LINK_INVALID";
    public const string LinkLifetimeInvalid = "LINK_LIFETIME_INVALID";
    public const string LinkNotFound = "LINK_NOT_FOUND";
    public const string MemberBlocked = "MEMBER_BLOCKED";
    public const string MentionInvalid = "MENTION_INVALID";
    public const string MessageNotFound = "MESSAGE_NOT_FOUND";
    public const string ModeratorNotBlockable = "MODERATOR_NOT_BLOCKABLE";
    public const string NotAuthor = "NOT_AUTHOR";
    public const string NotAMember = "NOT_A_MEMBER";
    public const string NotBlocked = "NOT_BLOCKED";
    public const string NotEnoughViolations = "NOT_ENOUGH_VIOLATIONS";
    public const string NotInAudience = "NOT_IN_AUDIENCE";
    public const string NotManagement = "NOT_MANAGEMENT";
    public const string NotModerator = "NOT_MODERATOR";
    public const string NotTeachingStaff = "NOT_TEACHING_STAFF";
    public const string NotVerifiedTeacher = "NOT_VERIFIED_TEACHER";
    public const string NoApology = "NO_APOLOGY";
    public const string Objected = "OBJECTED";
    public const string ObjectionWindowClosed = "OBJECTION_WINDOW_CLOSED";
    public const string ObjectionWindowOpen = "OBJECTION_WINDOW_OPEN";
    public const string OwnBlock = "OWN_BLOCK";
    public const string PersonalNotAllowed = "PERSONAL_NOT_ALLOWED";
    public const string PersonalRequestPending = "PERSONAL_REQUEST_PENDING";
    public const string PersonalDeclined = "PERSONAL_DECLINED";
    public const string PersonalEnded = "PERSONAL_ENDED";
    public const string PersonalBlocked = "PERSONAL_BLOCKED";
    public const string NotPersonal = "NOT_PERSONAL";
    public const string ReplyInvalid = "REPLY_INVALID";
    public const string ReportNotFound = "REPORT_NOT_FOUND";
    public const string TooManyOpenReports = "TOO_MANY_OPEN_REPORTS";
    public const string TooManyViolations = "TOO_MANY_VIOLATIONS";
    public const string TooManyLinks = "TOO_MANY_LINKS";
    public const string ChannelChurnLimited = "CHANNEL_CHURN_LIMITED";
    public const string RulesNotAccepted = "RULES_NOT_ACCEPTED";
    public const string RulesRequired = "RULES_REQUIRED";
    public const string RulesVersionStale = "RULES_VERSION_STALE";
    public const string SendRateLimited = "SEND_RATE_LIMITED";
    public const string SubjectRequired = "SUBJECT_REQUIRED";
    public const string ViolationsRequired = "VIOLATIONS_REQUIRED";
    public const string ViolationNotCitable = "VIOLATION_NOT_CITABLE";
}
