using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

/// <summary>One movement as JSON or as a field/value table with class names.</summary>
internal static class MovementView
{
    public static async Task WriteAsync(CliOutput output, ServerConnection connection, string schoolId, Movement movement)
    {
        if (output.Json)
        {
            output.WriteJson(movement);
            return;
        }

        var classes = await ClassNames.LoadAsync(connection, schoolId);
        output.Write(CliOutput.KeyValues([
            ("Id", movement.MovementId),
            ("What", SchoolLabels.Of(movement.Kind)),
            ("User", movement.UserId),
            ("From", classes.WithId(movement.FromClassId)),
            ("To", classes.WithId(movement.ToClassId)),
            ("By", movement.ActorId),
            ("When", CliOutput.Time(movement.At)),
            ("Parents", string.Join(", ", movement.ParentIds)),
        ]));
    }
}
