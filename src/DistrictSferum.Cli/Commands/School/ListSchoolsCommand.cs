using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;

namespace DistrictSferum.Cli.Commands;

internal sealed class ListSchoolsSettings : PagingSettings;

[CliCommand("school list", "List the district's schools in registration order (district operators)")]
internal sealed class ListSchoolsCommand(CliEnvironment environment) : SferumCommand<ListSchoolsSettings>(environment)
{
    protected override async Task<int> RunAsync(ListSchoolsSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new DistrictService.DistrictServiceClient(connection.Invoker);
        var result = await Pager.FetchAsync(settings, async (size, token) =>
            await client.ListSchoolsAsync(new ListSchoolsRequest { PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
        Pager.Write(output, result, result.Schools.Count, "school(s)", () =>
        {
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn(new TableColumn("Id").NoWrap()).AddColumns("Name", "Short name").AddColumn(new TableColumn("Registered").NoWrap());
            foreach (var school in result.Schools)
                table.AddTextRow(school.SchoolId, school.Name, school.ShortName, CliOutput.Date(school.RegisteredAt));
            return table;
        });
        return ExitCodes.Ok;
    }
}
