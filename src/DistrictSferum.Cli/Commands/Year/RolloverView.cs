using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;

namespace DistrictSferum.Cli.Commands;

/// <summary>A rollover plan: the classes and where they go, who leaves, what stands in the way.</summary>
internal static class RolloverView
{
    public static void Write(CliOutput output, YearRollover rollover, PeopleNames names)
    {
        if (output.Json)
        {
            output.WriteJson(rollover);
            return;
        }

        var table = CliOutput.NewTable("Class", "Becomes", "Students");
        foreach (var step in rollover.Classes)
            table.AddRow(Markup.Escape(step.FromName), step.ToName is { Length: > 0 } to ? Markup.Escape(to) : "graduates (archived)", step.Students.ToString());
        output.Line($"{rollover.FromYear}/{rollover.ToYear} -> {rollover.ToYear}/{rollover.ToYear + 1}, final grade {rollover.FinalGrade}" +
                    (rollover.Applied ? " (applied)" : ""));
        output.Write(table);
        output.Line(rollover.ClassChatsArchived
            ? "Class chats: archived (read-only, history kept); create the new year's chats afterwards"
            : "Class chats: follow their class (a graduated class's are archived)");
        output.Line($"Graduates leaving: {rollover.GraduateIds.Count}" + List(rollover.GraduateIds, names));
        output.Line($"Parents leaving with them (no other child here): {rollover.ParentIdsLeaving.Count}" + List(rollover.ParentIdsLeaving, names));
        foreach (var conflict in rollover.Conflicts) output.Line("Conflict: " + conflict);
    }

    private static string List(IEnumerable<string> ids, PeopleNames names) =>
        ids.Any() ? ": " + string.Join(", ", ids.Select(id => names[id])) : "";
}
