using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

/// <summary><c>class create|list|rename|archive|attach-teacher|detach-teacher</c>: a school's classes (RULES ORG-3, ORG-4, ORG-7).</summary>
internal static class ClassCommands
{
    public static void Register(IConfigurator config) =>
        config.AddBranch("class", branch =>
        {
            branch.SetDescription("Create, list, rename and archive a school's classes; attach class teachers");
            branch.AddCommand<CreateClassCommand>("create")
                .WithDescription("Create a grade class (\"5А\") or an additional-education group (administrators; ORG-4)")
                .WithExample("class", "create", "SCHOOL_ID", "5А")
                .WithExample("class", "create", "SCHOOL_ID", "\"Robotics\"", "--kind", "additional", "--year", "2026");
            branch.AddCommand<ListClassesCommand>("list")
                .WithDescription("List the school's staff room and classes (any member)")
                .WithExample("--json", "class", "list", "SCHOOL_ID", "--archived");
            branch.AddCommand<RenameClassCommand>("rename").WithDescription("Rename a class (administrators; ORG-4)")
                .WithExample("class", "rename", "SCHOOL_ID", "CLASS_ID", "5Б");
            branch.AddCommand<ArchiveClassCommand>("archive").WithDescription("Archive a class with no students; its invite links are revoked (administrators)");
            branch.AddCommand<AttachClassTeacherCommand>("attach-teacher")
                .WithDescription("Make a verified teacher a class teacher of the class (administrators; ORG-7)")
                .WithExample("class", "attach-teacher", "SCHOOL_ID", "CLASS_ID", "USER_ID");
            branch.AddCommand<DetachClassTeacherCommand>("detach-teacher").WithDescription("Remove a class teacher from the class (administrators; ORG-7)");
        });
}

internal sealed class CreateClassSettings : SchoolIdSettings
{
    [CommandArgument(1, "<NAME>"), Description("A grade class: a grade 1-11 and a letter (\"5А\"); a group: any name")]
    public string Name { get; set; } = "";

    [CommandOption("--kind <KIND>"), Description("grade (default) or additional (additional education)"), DefaultValue("grade")]
    public string Kind { get; set; } = "grade";

    [CommandOption("--year <N>"), Description("The year the academic year starts in (2026 for 2026/27); default: the current one")]
    public int? Year { get; set; }

    public override ValidationResult Validate() =>
        SchoolLabels.Parse(SchoolLabels.CreatableClassKinds, Kind) is null
            ? ValidationResult.Error($"--kind must be {SchoolLabels.Choices(SchoolLabels.CreatableClassKinds)}, not '{Kind}'")
            : Year is <= 0 ? ValidationResult.Error("--year must be a year like 2026") : ValidationResult.Success();
}

internal sealed class CreateClassCommand(CliEnvironment environment) : SferumCommand<CreateClassSettings>(environment)
{
    protected override async Task<int> RunAsync(CreateClassSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new CreateClassRequest
        {
            SchoolId = settings.SchoolId,
            Name = settings.Name,
            Kind = SchoolLabels.Parse(SchoolLabels.CreatableClassKinds, settings.Kind)!.Value,
            AcademicYear = settings.Year ?? 0,
        };
        ClassView.Write(output, await new ClassService.ClassServiceClient(connection.Invoker).CreateClassAsync(request, await connection.AuthorizedAsync()));
        return ExitCodes.Ok;
    }
}

internal sealed class ListClassesSettings : SchoolPagingSettings
{
    [CommandOption("--archived"), Description("Include archived classes")]
    public bool Archived { get; set; }
}

internal sealed class ListClassesCommand(CliEnvironment environment) : SferumCommand<ListClassesSettings>(environment)
{
    protected override async Task<int> RunAsync(ListClassesSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new ClassService.ClassServiceClient(connection.Invoker);
        var result = await Pager.FetchAsync(settings, async (size, token) => await client.ListClassesAsync(new ListClassesRequest
        {
            SchoolId = settings.SchoolId, IncludeArchived = settings.Archived, PageSize = size, PageToken = token,
        }, await connection.AuthorizedAsync()));
        Pager.Write(output, result, result.Classes.Count, "class(es)", () =>
        {
            var table = CliOutput.NewTable("Id", "Name", "Kind", "Year", "Students", "Class teachers", "Archived");
            foreach (var c in result.Classes)
                table.AddTextRow(c.ClassId, c.Name, SchoolLabels.Of(c.Kind), SchoolLabels.AcademicYear(c.AcademicYear), c.StudentCount.ToString(),
                    string.Join(", ", c.ClassTeacherIds), c.Archived ? "archived" : "");
            return table;
        });
        return ExitCodes.Ok;
    }
}

internal class ClassRefSettings : SchoolIdSettings
{
    [CommandArgument(1, "<CLASS_ID>"), Description("The class's id (see `class list`)")]
    public string ClassId { get; set; } = "";
}

internal sealed class RenameClassSettings : ClassRefSettings
{
    [CommandArgument(2, "<NAME>"), Description("The new name")]
    public string Name { get; set; } = "";
}

internal sealed class RenameClassCommand(CliEnvironment environment) : SferumCommand<RenameClassSettings>(environment)
{
    protected override async Task<int> RunAsync(RenameClassSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new RenameClassRequest { SchoolId = settings.SchoolId, ClassId = settings.ClassId, Name = settings.Name };
        ClassView.Write(output, await new ClassService.ClassServiceClient(connection.Invoker).RenameClassAsync(request, await connection.AuthorizedAsync()));
        return ExitCodes.Ok;
    }
}

internal sealed class ArchiveClassCommand(CliEnvironment environment) : SferumCommand<ClassRefSettings>(environment)
{
    protected override async Task<int> RunAsync(ClassRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new ClassRef { SchoolId = settings.SchoolId, ClassId = settings.ClassId };
        ClassView.Write(output, await new ClassService.ClassServiceClient(connection.Invoker).ArchiveClassAsync(request, await connection.AuthorizedAsync()));
        return ExitCodes.Ok;
    }
}

internal sealed class ClassTeacherSettings : ClassRefSettings
{
    [CommandArgument(2, "<USER_ID>"), Description("The teacher's user id (see `member list --role teacher`)")]
    public string UserId { get; set; } = "";

    public ClassTeacherRequest ToRequest() => new() { SchoolId = SchoolId, ClassId = ClassId, TeacherId = UserId };
}

internal sealed class AttachClassTeacherCommand(CliEnvironment environment) : SferumCommand<ClassTeacherSettings>(environment)
{
    protected override async Task<int> RunAsync(ClassTeacherSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new ClassService.ClassServiceClient(connection.Invoker);
        ClassView.Write(output, await client.AttachClassTeacherAsync(settings.ToRequest(), await connection.AuthorizedAsync()));
        return ExitCodes.Ok;
    }
}

internal sealed class DetachClassTeacherCommand(CliEnvironment environment) : SferumCommand<ClassTeacherSettings>(environment)
{
    protected override async Task<int> RunAsync(ClassTeacherSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new ClassService.ClassServiceClient(connection.Invoker);
        ClassView.Write(output, await client.DetachClassTeacherAsync(settings.ToRequest(), await connection.AuthorizedAsync()));
        return ExitCodes.Ok;
    }
}

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
