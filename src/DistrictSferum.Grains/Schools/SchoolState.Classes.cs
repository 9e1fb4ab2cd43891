using System.Globalization;
using System.Text.RegularExpressions;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Common;

namespace DistrictSferum.Grains.Schools;

public sealed partial class SchoolState
{
    public const int MaxClassName = 64;

    /// <summary>ORG-4: a grade class is named by the nomenclature (grade 1-11 and a letter); groups freely.</summary>
    public ClassRecord CreateClass(string actorId, string classId, string name, ClassKind kind, int? academicYear, DateTimeOffset now)
    {
        RequireAdministrator(actorId, Rules.Org4);
        if (kind == ClassKind.StaffRoom)
            throw DomainException.InvalidField("kind", SchoolErrors.StaffRoomExists, "A school has exactly one staff room, created with it.", Rules.Org3);
        var current = AcademicYearOf(now);
        var year = academicYear ?? current;
        if (year < current - 1 || year > current + 1)
            throw DomainException.InvalidField("academic_year", SchoolErrors.AcademicYearInvalid, $"The academic year must be within one year of {current}.", Rules.Org4);
        var (normalized, grade) = ClassName(name, kind);
        EnsureUniqueName(normalized, year, exceptClassId: null);

        var created = new ClassRecord { ClassId = classId, Name = normalized, Kind = kind, Grade = grade, AcademicYear = year };
        Classes[classId] = created;
        return Touch(created);
    }

    public ClassRecord RenameClass(string actorId, string classId, string name)
    {
        RequireAdministrator(actorId, Rules.Org4);
        var target = RequireClass(classId);
        if (target.Kind == ClassKind.StaffRoom)
            throw DomainException.Precondition(SchoolErrors.StaffRoomFixed, "The staff room keeps its name.", Rules.Org3);
        var (normalized, grade) = ClassName(name, target.Kind);
        EnsureUniqueName(normalized, target.AcademicYear, classId);
        target.Name = normalized;
        target.Grade = grade;
        return Touch(target);
    }

    /// <summary>A class is archived once empty of students (they moved on or left); its history stays.</summary>
    public ClassRecord ArchiveClass(string actorId, string classId)
    {
        RequireAdministrator(actorId, Rules.Org4);
        var target = RequireClass(classId);
        if (target.Kind == ClassKind.StaffRoom)
            throw DomainException.Precondition(SchoolErrors.StaffRoomFixed, "The staff room cannot be archived.", Rules.Org3);
        if (Members.Values.Any(m => m.ClassesAs(JoinRole.Student).Contains(classId)))
            throw DomainException.Precondition(SchoolErrors.ClassNotEmpty, "Move the class's students or record that they left before archiving it.", Rules.Org10);
        target.Archived = true;
        return Touch(target);
    }

    /// <summary>ORG-7: an administrator attaches a verified teacher of the school to a class as its class teacher.</summary>
    public ClassRecord AttachClassTeacher(string actorId, string classId, string teacherId)
    {
        RequireAdministrator(actorId, Rules.Org7);
        var target = RequireOpenClass(classId, Rules.Org7);
        if (target.Kind == ClassKind.StaffRoom)
            throw DomainException.InvalidField("class_id", SchoolErrors.NotAClass, "The staff room has no class teacher.", Rules.Org7);
        var teacher = RequireTarget(teacherId);
        if (!teacher.Has(SchoolRoles.Teacher))
            throw DomainException.Precondition(SchoolErrors.NotTeacher, "Only a teacher of the school can be a class teacher.", Rules.Org7);
        if (!teacher.VerifiedTeacher)
            throw DomainException.Precondition(CommonErrors.TeacherNotVerified, "Verify the teacher before attaching them to a class.", Rules.Org9);
        if (target.ClassTeacherIds.Contains(teacherId)) return target;

        target.ClassTeacherIds.Add(teacherId);
        Place(teacher, classId, JoinRole.Teacher);
        return Touch(target);
    }

    public ClassRecord DetachClassTeacher(string actorId, string classId, string teacherId)
    {
        RequireAdministrator(actorId, Rules.Org7);
        var target = RequireClass(classId);
        if (!target.ClassTeacherIds.Remove(teacherId))
            throw DomainException.NotFound(CommonErrors.NotClassTeacher, "That teacher is not attached to this class.", Rules.Org7);
        return Touch(target);
    }

    public IReadOnlyList<ClassRecord> ClassList(bool includeArchived) => Classes.Values
        .Where(c => includeArchived || !c.Archived)
        .OrderBy(c => c.Kind == ClassKind.StaffRoom ? 0 : 1).ThenByDescending(c => c.AcademicYear).ThenBy(c => c.Grade).ThenBy(c => c.Name, StringComparer.Ordinal)
        .ToList();

    public ClassRecord RequireOpenClass(string classId, string ruleId)
    {
        var target = RequireClass(classId);
        return target.Archived
            ? throw DomainException.Precondition(CommonErrors.ClassArchived, "The class is archived.", ruleId)
            : target;
    }

    public static (string Name, int Grade) ClassName(string? raw, ClassKind kind)
    {
        if (kind != ClassKind.Grade) return (TextRules.Required(raw, "name", MaxClassName, Rules.Org4), 0);

        var match = GradePattern().Match((raw ?? "").Trim());
        if (!match.Success || int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) is < 1 or > 11)
            throw DomainException.InvalidField("name", SchoolErrors.ClassNameInvalid, "A grade class is named by a grade from 1 to 11 and a letter, e.g. \"5А\".", Rules.Org4);
        var grade = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return ($"{grade}{match.Groups[2].Value.ToUpperInvariant()}", grade);
    }

    private void EnsureUniqueName(string name, int year, string? exceptClassId)
    {
        if (Classes.Values.Any(c => !c.Archived && c.ClassId != exceptClassId && c.AcademicYear == year &&
                                    string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
            throw DomainException.Exists(SchoolErrors.ClassExists, $"The school already has a class \"{name}\" in {year}/{year + 1}.", Rules.Org4);
    }

    [GeneratedRegex(@"^(\d{1,2})\s*-?\s*([А-ЯЁа-яё])$")]
    private static partial Regex GradePattern();
}
