using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class SearchSchoolsSettings : PagingSettings
{
    [CommandArgument(0, "[QUERY]"), Description("Part of the name or short name (any case); empty: every school")]
    public string Query { get; set; } = "";
}

[CliCommand("school search", "Find schools by name or short name (district operators)")]
[CliExample("school", "search", "лицей")]
internal sealed class SearchSchoolsCommand(CliEnvironment environment) : SferumCommand<SearchSchoolsSettings>(environment)
{
    protected override async Task<int> RunAsync(SearchSchoolsSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new SchoolOversightService.SchoolOversightServiceClient(connection.Invoker);
        var options = await connection.AuthorizedAsync();
        var response = await Pager.FetchAsync(settings, async (size, token) =>
            await client.SearchSchoolsAsync(new SearchSchoolsRequest { Query = settings.Query, PageSize = size, PageToken = token }, options));
        Pager.Write(output, response, response.Schools.Count, "schools", () =>
        {
            var table = CliOutput.NewTable("School id", "Name", "Short name", "Registered");
            foreach (var s in response.Schools) table.AddTextRow(s.SchoolId, s.Name, s.ShortName, CliOutput.Date(s.RegisteredAt));
            return table;
        });
        return ExitCodes.Ok;
    }
}
