using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

/// <summary><c>move student|student-left|employee-left|history</c>: movements of students and staff (RULES ORG-10, ETH-9).</summary>
internal static class MoveCommands
{
    public static void Register(IConfigurator config) =>
        config.AddBranch("move", branch =>
        {
            branch.SetDescription("Move students between classes, record who left, and show the school's history (administrators; ORG-10)");
            branch.AddCommand<MoveStudentCommand>("student")
                .WithDescription("Move a student to another class; their parents follow")
                .WithExample("move", "student", "SCHOOL_ID", "STUDENT_ID", "TO_CLASS_ID");
            branch.AddCommand<StudentLeftCommand>("student-left")
                .WithDescription("Record that a student left the school; with them, parents with no other child here (ETH-9)");
            branch.AddCommand<EmployeeLeftCommand>("employee-left").WithDescription("Record that an employee left the school (ETH-9)");
            branch.AddCommand<MovementHistoryCommand>("history")
                .WithDescription("The school's movements, newest first: joins, moves and departures")
                .WithExample("move", "history", "SCHOOL_ID", "--all");
        });
}

internal class StudentRefSettings : SchoolIdSettings
{
    [CommandArgument(1, "<STUDENT_ID>"), Description("The student's user id")]
    public string StudentId { get; set; } = "";
}

internal sealed class MoveStudentSettings : StudentRefSettings
{
    [CommandArgument(2, "<TO_CLASS_ID>"), Description("The class the student moves to")]
    public string ToClassId { get; set; } = "";
}

internal sealed class MoveStudentCommand(CliEnvironment environment) : SferumCommand<MoveStudentSettings>(environment)
{
    protected override async Task<int> RunAsync(MoveStudentSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new MoveStudentRequest { SchoolId = settings.SchoolId, StudentId = settings.StudentId, ToClassId = settings.ToClassId };
        var movement = await new MemberService.MemberServiceClient(connection.Invoker).MoveStudentAsync(request, await connection.AuthorizedAsync());
        await MovementView.WriteAsync(output, connection, settings.SchoolId, movement);
        return ExitCodes.Ok;
    }
}

internal sealed class StudentLeftCommand(CliEnvironment environment) : SferumCommand<StudentRefSettings>(environment)
{
    protected override async Task<int> RunAsync(StudentRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var movement = await new MemberService.MemberServiceClient(connection.Invoker).RecordStudentLeftAsync(
            new MemberRef { SchoolId = settings.SchoolId, UserId = settings.StudentId }, await connection.AuthorizedAsync());
        await MovementView.WriteAsync(output, connection, settings.SchoolId, movement);
        return ExitCodes.Ok;
    }
}

internal sealed class EmployeeLeftCommand(CliEnvironment environment) : SferumCommand<MemberRefSettings>(environment)
{
    protected override async Task<int> RunAsync(MemberRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var movement = await new MemberService.MemberServiceClient(connection.Invoker).RecordEmployeeLeftAsync(
            new MemberRef { SchoolId = settings.SchoolId, UserId = settings.UserId }, await connection.AuthorizedAsync());
        await MovementView.WriteAsync(output, connection, settings.SchoolId, movement);
        return ExitCodes.Ok;
    }
}

internal sealed class MovementHistoryCommand(CliEnvironment environment) : SferumCommand<SchoolPagingSettings>(environment)
{
    protected override async Task<int> RunAsync(SchoolPagingSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new MemberService.MemberServiceClient(connection.Invoker);
        var result = await Pager.FetchAsync(settings, async (size, token) => await client.ListMovementsAsync(
            new ListMovementsRequest { SchoolId = settings.SchoolId, PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
        var classes = output.Json ? null : await ClassNames.LoadAsync(connection, settings.SchoolId);
        Pager.Write(output, result, result.Movements.Count, "movement(s)", () =>
        {
            var table = CliOutput.NewTable("When", "What", "User", "From", "To", "By");
            foreach (var m in result.Movements)
                table.AddTextRow(CliOutput.Time(m.At), SchoolLabels.Of(m.Kind), m.UserId, classes![m.FromClassId], classes[m.ToClassId], m.ActorId);
            return table;
        });
        return ExitCodes.Ok;
    }
}

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
