using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

/// <summary>One class as JSON or as a field/value table.</summary>
internal static class ClassView
{
    public static void Write(CliOutput output, Class c)
    {
        if (output.Json)
        {
            output.WriteJson(c);
            return;
        }

        output.Write(CliOutput.KeyValues([
            ("Id", c.ClassId),
            ("Name", c.Name),
            ("Kind", SchoolLabels.Of(c.Kind)),
            ("Academic year", SchoolLabels.AcademicYear(c.AcademicYear)),
            ("Students", c.StudentCount.ToString()),
            ("Class teachers", string.Join(", ", c.ClassTeacherIds)),
            ("Archived", SchoolLabels.YesNo(c.Archived)),
        ]));
    }
}
