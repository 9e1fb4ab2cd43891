using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("request list", "List the school's pending join requests, oldest first")]
internal sealed class ListJoinRequestsCommand(CliEnvironment environment) : SferumCommand<SchoolPagingSettings>(environment)
{
    protected override async Task<int> RunAsync(SchoolPagingSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new MemberService.MemberServiceClient(connection.Invoker);
        var result = await Pager.FetchAsync(settings, async (size, token) => await client.ListJoinRequestsAsync(
            new ListJoinRequestsRequest { SchoolId = settings.SchoolId, PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
        var classes = output.Json ? null : await ClassNames.LoadAsync(connection, settings.SchoolId);
        Pager.Write(output, result, result.Requests.Count, "pending request(s)", () =>
        {
            var table = CliOutput.NewTable("Id", "Name", "User id", "Class", "Role", "Requested");
            foreach (var r in result.Requests)
                table.AddTextRow(r.RequestId, r.DisplayName, r.UserId, classes![r.ClassId], JoinRequestView.RoleOf(r), CliOutput.Time(r.CreatedAt));
            return table;
        });
        return ExitCodes.Ok;
    }
}
