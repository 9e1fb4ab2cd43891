namespace DistrictSferum.Contracts.Errors;

/// <summary>
/// The error codes (google.rpc.ErrorInfo reasons) of every service (ids, paging, enums, dates): stable, clients switch on them.
/// The catalogue of every code with its status and rules is generated into protos/ERRORS.md by a test.
/// </summary>
public static class CommonErrors
{
    public const string AlreadyMember = "ALREADY_MEMBER";
    public const string CallRateLimited = "CALL_RATE_LIMITED";
    public const string ClassArchived = "CLASS_ARCHIVED";
    public const string ClientRequestIdInvalid = "CLIENT_REQUEST_ID_INVALID";
    public const string CursorInvalid = "CURSOR_INVALID";
    public const string DateInvalid = "DATE_INVALID";
    public const string EnumValueInvalid = "ENUM_VALUE_INVALID";
    public const string FieldBadCharacters = "FIELD_BAD_CHARACTERS";
    public const string FieldRequired = "FIELD_REQUIRED";
    public const string FieldTooLong = "FIELD_TOO_LONG";
    public const string IdInvalid = "ID_INVALID";
    public const string MemberNotFound = "MEMBER_NOT_FOUND";
    public const string NotClassTeacher = "NOT_CLASS_TEACHER";
    public const string SchoolExists = "SCHOOL_EXISTS";
    public const string SchoolNotFound = "SCHOOL_NOT_FOUND";
    public const string TeacherNotVerified = "TEACHER_NOT_VERIFIED";
    public const string TimeInvalid = "TIME_INVALID";
    public const string TooManyStreams = "TOO_MANY_STREAMS";
}
