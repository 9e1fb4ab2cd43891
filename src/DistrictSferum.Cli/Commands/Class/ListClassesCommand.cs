using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class ListClassesSettings : SchoolPagingSettings
{
    [CommandOption("--archived"), Description("Include archived classes")]
    public bool Archived { get; set; }
}

[CliCommand("class list", "List the school's staff room and classes (any member)")]
[CliExample("class", "list", "SCHOOL_ID", "--archived", "--json")]
internal sealed class ListClassesCommand(CliEnvironment environment) : SferumCommand<ListClassesSettings>(environment)
{
    protected override async Task<int> RunAsync(ListClassesSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new ClassService.ClassServiceClient(connection.Invoker);
        var result = await Pager.FetchAsync(settings, async (size, token) => await client.ListClassesAsync(new ListClassesRequest
        {
            SchoolId = settings.SchoolId,
            IncludeArchived = settings.Archived,
            PageSize = size,
            PageToken = token,
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
