namespace DistrictSferum.Contracts.Schools;

/// <summary>
/// A school (key: school id): its information, classes, members and history; its classes' links and requests are
/// listed and decided here and kept by each class (<see cref="ISchoolClassGrain"/>).
/// A sealed space: anyone who is neither a member nor a district operator gets NOT_FOUND (DIS-1). The member
/// directory (roles and class placements) is the school's, so a movement between classes is one atomic write.
/// </summary>
[Alias("ds.ISchoolGrain")]
public interface ISchoolGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<SchoolView> Get(Actor actor);

    /// <summary>ORG-2: an administrator edits the school's information.</summary>
    [Alias("UpdateInfo")]
    Task<SchoolView> UpdateInfo(Actor actor, SchoolInfoPatch patch);

    // --- Classes (ORG-3, ORG-4, ORG-7) ---

    /// <summary>ORG-4; <c>classId</c> (issue 9) is derived from the caller's client request id: a class with it already there is the answer to a retry.</summary>
    [Alias("CreateClass")]
    Task<ClassView> CreateClass(Actor actor, string name, ClassKind kind, int? academicYear, string? classId = null);

    [Alias("RenameClass")]
    Task<ClassView> RenameClass(Actor actor, string classId, string name);

    [Alias("ArchiveClass")]
    Task<ClassView> ArchiveClass(Actor actor, string classId);

    [Alias("ListClasses")]
    Task<Page<ClassView>> ListClasses(Actor actor, bool includeArchived, PageRequest page);

    [Alias("AttachClassTeacher")]
    Task<ClassView> AttachClassTeacher(Actor actor, string classId, string teacherId);

    [Alias("DetachClassTeacher")]
    Task<ClassView> DetachClassTeacher(Actor actor, string classId, string teacherId);

    // --- Invite links (ORG-5, ORG-11, REG-2, REG-4): created and followed at their class ---

    [Alias("ListInvites")]
    Task<Page<InviteView>> ListInvites(Actor actor, PageRequest page);

    [Alias("RevokeInvite")]
    Task<InviteView> RevokeInvite(Actor actor, string inviteId);

    /// <summary>ORG-11: revokes every link never used (optionally only those older than a given age); returns how many.</summary>
    [Alias("AnnulUnusedInvites")]
    Task<int> AnnulUnusedInvites(Actor actor, TimeSpan? olderThan);

    // --- Join requests (ORG-8) ---

    [Alias("ListJoinRequests")]
    Task<Page<JoinRequestView>> ListJoinRequests(Actor actor, PageRequest page);

    [Alias("DecideJoinRequest")]
    Task<JoinRequestView> DecideJoinRequest(Actor actor, string requestId, bool accept);

    // --- Members (ORG-6, ORG-9, ORG-15, CHAT-5) ---

    [Alias("ListMembers")]
    Task<Page<MemberView>> ListMembers(Actor actor, string? classId, SchoolRoles role, PageRequest page);

    [Alias("GetMember")]
    Task<MemberView> GetMember(Actor actor, string userId);

    /// <summary>ORG-9: an administrator verifies a teacher; the badge shows on their profile.</summary>
    [Alias("VerifyTeacher")]
    Task<MemberView> VerifyTeacher(Actor actor, string userId);

    /// <summary>ORG-9: an administrator withdraws a teacher's verification.</summary>
    [Alias("WithdrawVerification")]
    Task<MemberView> WithdrawVerification(Actor actor, string userId);

    /// <summary>ORG-6: appoints an administrator from the school's teachers.</summary>
    [Alias("AppointAdministrator")]
    Task<MemberView> AppointAdministrator(Actor actor, string userId);

    /// <summary>ORG-6: removes an administrator (or, for oneself, steps down); never the last one.</summary>
    [Alias("RemoveAdministrator")]
    Task<MemberView> RemoveAdministrator(Actor actor, string userId);

    /// <summary>ORG-15: marks (or unmarks) a teacher as the director or a deputy.</summary>
    [Alias("SetManagementRole")]
    Task<MemberView> SetManagementRole(Actor actor, string userId, SchoolRoles role, bool holds);

    // --- Movements (ORG-10, ETH-9) ---

    [Alias("MoveStudent")]
    Task<Movement> MoveStudent(Actor actor, string studentId, string toClassId);

    [Alias("RecordStudentLeft")]
    Task<Movement> RecordStudentLeft(Actor actor, string studentId);

    [Alias("RecordEmployeeLeft")]
    Task<Movement> RecordEmployeeLeft(Actor actor, string userId);

    [Alias("ListMovements")]
    Task<Page<Movement>> ListMovements(Actor actor, PageRequest page);

    // --- The new school year (issue 14) ---

    /// <summary>What a rollover would do now (a dry run): classes moving up, graduates and parents leaving, conflicts.</summary>
    [Alias("PreviewYearRollover")]
    Task<YearRollover> PreviewYearRollover(Actor actor, int? finalGrade, bool archiveClassChats);

    /// <summary>Applies the previewed rollover once per academic year; its leavers' movements complete after a crash.</summary>
    [Alias("ApplyYearRollover")]
    Task<YearRollover> ApplyYearRollover(Actor actor, int? finalGrade, bool archiveClassChats);
}
