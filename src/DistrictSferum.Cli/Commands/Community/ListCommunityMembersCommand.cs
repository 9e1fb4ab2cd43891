using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("community members", "List a community's members: name, teacher badge, schools' short names (DIS-1's exception)")]
[CliExample("community", "members", "COMMUNITY_ID")]
internal sealed class ListCommunityMembersCommand(CliEnvironment environment) : SferumCommand<CommunityRefSettings>(environment)
{
    protected override async Task<int> RunAsync(CommunityRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new CommunityService.CommunityServiceClient(connection.Invoker).ListCommunityMembersAsync(
            new ListCommunityMembersRequest { CommunityId = settings.CommunityId, PageSize = 500 }, await connection.AuthorizedAsync());
        Pager.Write(output, response, response.Members.Count, "members", () =>
        {
            var table = CliOutput.NewTable("User id", "Name", "Schools", "Moderator");
            foreach (var m in response.Members)
                table.AddTextRow(m.UserId, m.DisplayName + (m.VerifiedTeacher ? " ✓" : ""), string.Join(", ", m.SchoolShortNames), m.Moderator ? "yes" : "");
            return table;
        });
        return ExitCodes.Ok;
    }
}
