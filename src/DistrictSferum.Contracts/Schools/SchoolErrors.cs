namespace DistrictSferum.Contracts.Schools;

/// <summary>
/// The error codes (google.rpc.ErrorInfo reasons) of schools, classes, invite links, members and movements: stable, clients switch on them.
/// The catalogue of every code with its status and rules is generated into protos/ERRORS.md by a test.
/// </summary>
public static class SchoolErrors
{
    public const string AcademicYearInvalid = "ACADEMIC_YEAR_INVALID";
    public const string AgeInvalid = "AGE_INVALID";
    public const string AlreadyInAClass = "ALREADY_IN_A_CLASS";
    public const string AlreadyInClass = "ALREADY_IN_CLASS";
    public const string AutoAcceptDenied = "AUTO_ACCEPT_DENIED";
    public const string AutoAcceptSingleUseOnly = "AUTO_ACCEPT_SINGLE_USE_ONLY";
    public const string ClassExists = "CLASS_EXISTS";
    public const string ClassKindInvalid = "CLASS_KIND_INVALID";
    public const string ClassNameInvalid = "CLASS_NAME_INVALID";
    public const string ClassNotEmpty = "CLASS_NOT_EMPTY";
    public const string ClassNotFound = "CLASS_NOT_FOUND";
    public const string DirectorExists = "DIRECTOR_EXISTS";
    public const string FinalGradeInvalid = "FINAL_GRADE_INVALID";
    public const string InviteExpired = "INVITE_EXPIRED";
    public const string InviteLifetimeInvalid = "INVITE_LIFETIME_INVALID";
    public const string InviteNotFound = "INVITE_NOT_FOUND";
    public const string InviteRevoked = "INVITE_REVOKED";
    public const string InviteUsedUp = "INVITE_USED_UP";
    public const string InviteUsesInvalid = "INVITE_USES_INVALID";
    public const string LastAdministrator = "LAST_ADMINISTRATOR";
    public const string NotAdministrator = "NOT_ADMINISTRATOR";
    public const string NotAClass = "NOT_A_CLASS";
    public const string NotAGradeClass = "NOT_A_GRADE_CLASS";
    public const string NotEmployee = "NOT_EMPLOYEE";
    public const string NotStudent = "NOT_STUDENT";
    public const string NotTeacher = "NOT_TEACHER";
    public const string ObjectionWindowInvalid = "OBJECTION_WINDOW_INVALID";
    public const string OrderDateInvalid = "ORDER_DATE_INVALID";
    public const string OwnParent = "OWN_PARENT";
    public const string PrimaryPupilsOnly = "PRIMARY_PUPILS_ONLY";
    public const string RequestNotFound = "REQUEST_NOT_FOUND";
    public const string RoleInvalid = "ROLE_INVALID";
    public const string RolloverConflict = "ROLLOVER_CONFLICT";
    public const string RolloverDone = "ROLLOVER_DONE";
    public const string StaffRoomExists = "STAFF_ROOM_EXISTS";
    public const string StaffRoomFixed = "STAFF_ROOM_FIXED";
    public const string StaffRoomTeachersOnly = "STAFF_ROOM_TEACHERS_ONLY";
    public const string StudentGone = "STUDENT_GONE";
    public const string StudentNotExpected = "STUDENT_NOT_EXPECTED";
    public const string StudentRequired = "STUDENT_REQUIRED";
    public const string TimezoneInvalid = "TIMEZONE_INVALID";
    public const string TokenInvalid = "TOKEN_INVALID";
    public const string TokenTaken = "TOKEN_TAKEN";
    public const string UrlInvalid = "URL_INVALID";
}
