using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("move history", "The school's movements, newest first: joins, moves and departures")]
[CliExample("move", "history", "SCHOOL_ID", "--all")]
internal sealed class MovementHistoryCommand(CliEnvironment environment) : SferumCommand<SchoolPagingSettings>(environment)
{
    protected override async Task<int> RunAsync(SchoolPagingSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new MemberService.MemberServiceClient(connection.Invoker);
        var result = await Pager.FetchAsync(settings, async (size, token) => await client.ListMovementsAsync(
            new ListMovementsRequest { SchoolId = settings.SchoolId, PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
        var classes = output.Json ? null : await ClassNames.LoadAsync(connection, settings.SchoolId);
        var names = await PeopleNames.OfSchoolAsync(connection, output, settings.SchoolId);
        Pager.Write(output, result, result.Movements.Count, "movement(s)", () =>
        {
            var table = CliOutput.NewTable("When", "What", "User", "From", "To", "By");
            foreach (var m in result.Movements)
                table.AddTextRow(CliOutput.Time(m.At), SchoolLabels.Of(m.Kind), names[m.UserId], classes![m.FromClassId], classes[m.ToClassId], names[m.ActorId]);
            return table;
        });
        return ExitCodes.Ok;
    }
}
