using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("community list", "List the district's communities (operators and verified teachers)")]
[CliExample("community", "list")]
internal sealed class ListCommunitiesCommand(CliEnvironment environment) : SferumCommand<PagingSettings>(environment)
{
    protected override async Task<int> RunAsync(PagingSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new CommunityService.CommunityServiceClient(connection.Invoker);
        var options = await connection.AuthorizedAsync();
        var response = await Pager.FetchAsync(settings, async (size, token) =>
            await client.ListCommunitiesAsync(new ListCommunitiesRequest { PageSize = size, PageToken = token }, options));
        Pager.Write(output, response, response.Communities.Count, "communities", () =>
        {
            var table = CliOutput.NewTable("Community", "Kind", "Title", "Members");
            foreach (var c in response.Communities)
                table.AddTextRow(c.CommunityId, c.Kind.ToString(), c.Title, c.MemberCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return table;
        });
        return ExitCodes.Ok;
    }
}
