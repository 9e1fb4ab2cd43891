using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("session list", "List live sign-in sessions: your own, a member's (--user, --school) or anyone's (operators)")]
[CliExample("session", "list")]
[CliExample("session", "list", "--user", "USER_ID", "--school", "SCHOOL_ID")]
internal sealed class ListSessionsCommand(CliEnvironment environment) : SferumCommand<SessionOwnerSettings>(environment)
{
    protected override async Task<int> RunAsync(SessionOwnerSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var result = await new SessionService.SessionServiceClient(connection.Invoker).ListSessionsAsync(
            new ListSessionsRequest { UserId = settings.UserId ?? "", SchoolId = settings.SchoolId ?? "" }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(result);
            return ExitCodes.Ok;
        }

        var table = CliOutput.NewTable("Id", "Device", "Address", "Signed in", "Last used", "Ends", "");
        foreach (var s in result.Sessions)
            table.AddTextRow(s.SessionId, s.DeviceLabel, s.Ip, CliOutput.Time(s.CreatedAt), CliOutput.Time(s.LastUsedAt), CliOutput.Time(s.ExpiresAt), s.Current ? "this one" : "");
        output.Write(table);
        output.Note($"{result.Sessions.Count} live session(s).");
        return ExitCodes.Ok;
    }
}
