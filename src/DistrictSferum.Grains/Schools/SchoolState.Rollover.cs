using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Grains.Schools;

public sealed partial class SchoolState
{
    public const int DefaultFinalGrade = 11;

    /// <summary>
    /// The new school year, as a plan: every grade class of the year that ended moves up a grade into the year that
    /// starts (same class: students, parents, class teachers and chats follow it); classes at or past the final grade
    /// (11, or 9 in a basic school) graduate: their students leave with their parents who have no other child here
    /// (ETH-9), and the class is archived with its chats. A target name already taken in the new year is a conflict.
    /// With <paramref name="archiveClassChats"/> the moving classes' chats are archived too (read-only, history kept)
    /// for new ones of the new year, instead of following their class.
    /// </summary>
    public YearRollover PlanRollover(string actorId, int? finalGrade, DateTimeOffset now, bool archiveClassChats = false)
    {
        RequireAdministrator(actorId, Rules.Org10);
        var final = finalGrade ?? DefaultFinalGrade;
        if (final is not (9 or 11))
            throw DomainException.InvalidField("final_grade", SchoolErrors.FinalGradeInvalid, "The final grade is 11, or 9 for a basic school.", Rules.Org10);
        var to = AcademicYearOf(now);
        var from = to - 1;
        var moving = Classes.Values.Where(c => c.Kind == ClassKind.Grade && !c.Archived && c.AcademicYear == from)
            .OrderBy(c => c.Grade).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        var steps = moving.Select(c => new ClassStep(c.ClassId, c.Name, c.Grade >= final ? null : $"{c.Grade + 1}{c.Name[^1]}", StudentCount(c.ClassId))).ToList();
        var graduating = steps.Where(s => s.ToName is null).Select(s => s.ClassId).ToHashSet();
        var graduates = Members.Values.Where(m => m.ClassesAs(JoinRole.Student).Any(graduating.Contains)).Select(m => m.UserId).Order(StringComparer.Ordinal).ToList();
        var leaving = graduates.ToHashSet();
        var parents = Members.Values.Where(m => m.Roles == SchoolRoles.Parent && m.ChildIds.Count > 0 && m.ChildIds.All(leaving.Contains))
            .Select(m => m.UserId).Order(StringComparer.Ordinal).ToList();
        var movingIds = moving.Select(c => c.ClassId).ToHashSet();
        var conflicts = steps.Where(s => s.ToName is not null && Classes.Values.Any(c =>
                !c.Archived && !movingIds.Contains(c.ClassId) && c.AcademicYear == to && string.Equals(c.Name, s.ToName, StringComparison.OrdinalIgnoreCase)))
            .Select(s => $"{s.FromName} -> {s.ToName}: the school already has a class \"{s.ToName}\" in {to}/{to + 1}").ToList();
        return new YearRollover(from, to, final, steps, graduates, parents, conflicts, LastRolloverYear >= to, archiveClassChats);
    }

    /// <summary>The classes whose chats a rollover archives: the graduated ones always, the moving ones if the school chose so.</summary>
    public static IReadOnlyList<string> ClassesWithChatsArchived(YearRollover plan) =>
        plan.Classes.Where(c => c.ToName is null || plan.ClassChatsArchived).Select(c => c.ClassId).ToList();

    /// <summary>Applies <see cref="PlanRollover"/> once per year, all in one save; the leavers' movements follow it through the outbox.</summary>
    public (YearRollover Plan, IReadOnlyList<Movement> Movements) ApplyRollover(string actorId, int? finalGrade, DateTimeOffset now, bool archiveClassChats = false)
    {
        var plan = PlanRollover(actorId, finalGrade, now, archiveClassChats);
        if (plan.Applied)
            throw DomainException.Precondition(SchoolErrors.RolloverDone, $"The school has already moved into {plan.ToYear}/{plan.ToYear + 1}.", Rules.Org10);
        if (plan.Conflicts.Count > 0)
            throw DomainException.Precondition(SchoolErrors.RolloverConflict, "Rename or archive these classes first: " + string.Join("; ", plan.Conflicts), Rules.Org4);

        var movements = plan.GraduateIds.Where(Members.ContainsKey).SelectMany(g => RecordStudentLeft(actorId, g, now)).ToList();
        foreach (var step in plan.Classes)
        {
            var moved = Touch(Classes[step.ClassId]);
            if (step.ToName is null)
            {
                moved.Archived = true;
                continue;
            }

            moved.Name = step.ToName;
            moved.Grade++;
            moved.AcademicYear = plan.ToYear;
        }

        LastRolloverYear = plan.ToYear;
        Changes.Core = true;
        return (plan with { Applied = true }, movements);
    }
}
