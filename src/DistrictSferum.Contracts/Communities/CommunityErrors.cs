namespace DistrictSferum.Contracts.Communities;

/// <summary>
/// The error codes (google.rpc.ErrorInfo reasons) of district communities: stable, clients switch on them.
/// The catalogue of every code with its status and rules is generated into protos/ERRORS.md by a test.
/// </summary>
public static class CommunityErrors
{
    public const string CommunityNotFound = "COMMUNITY_NOT_FOUND";
    public const string CommunityKindInvalid = "COMMUNITY_KIND_INVALID";
    public const string NotCommunityModerator = "NOT_COMMUNITY_MODERATOR";
    public const string NotVerifiedTeacherOfDistrict = "NOT_VERIFIED_TEACHER_OF_DISTRICT";
    public const string ModeratorsRequired = "MODERATORS_REQUIRED";
    public const string CommunityLinkInvalid = "COMMUNITY_LINK_INVALID";
    public const string JoinRequestNotFound = "COMMUNITY_JOIN_REQUEST_NOT_FOUND";
    public const string AlreadyCommunityMember = "ALREADY_COMMUNITY_MEMBER";
    public const string LastCommunityModerator = "LAST_COMMUNITY_MODERATOR";
    public const string NotCommunityMember = "NOT_COMMUNITY_MEMBER";
}
