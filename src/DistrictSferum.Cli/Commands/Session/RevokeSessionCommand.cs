using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class RevokeSessionSettings : SessionOwnerSettings
{
    [CommandArgument(0, "[SESSION_ID]"), Description("The session's id (see `session list`)")]
    public string? SessionId { get; set; }

    [CommandOption("--all")]
    [Description("End every session of the account, the current one included")]
    public bool All { get; set; }

    public override ValidationResult Validate() =>
        All == string.IsNullOrEmpty(SessionId) ? base.Validate() : ValidationResult.Error("give either SESSION_ID or --all");
}

[CliCommand("session revoke", "End one session (a lost phone), or every session of the account with --all")]
[CliExample("session", "revoke", "SESSION_ID")]
[CliExample("session", "revoke", "--all", "--user", "USER_ID", "--school", "SCHOOL_ID")]
internal sealed class RevokeSessionCommand(CliEnvironment environment) : SferumCommand<RevokeSessionSettings>(environment)
{
    protected override async Task<int> RunAsync(RevokeSessionSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new SessionService.SessionServiceClient(connection.Invoker);
        int revoked;
        if (settings.All)
        {
            revoked = (await client.SignOutEverywhereAsync(
                new SignOutEverywhereRequest { UserId = settings.UserId ?? "", SchoolId = settings.SchoolId ?? "" }, await connection.AuthorizedAsync())).Revoked;
        }
        else
        {
            await client.RevokeSessionAsync(
                new RevokeSessionRequest { SessionId = settings.SessionId!, UserId = settings.UserId ?? "", SchoolId = settings.SchoolId ?? "" },
                await connection.AuthorizedAsync());
            revoked = 1;
        }

        if (output.Json) output.WriteJson(new { revoked });
        else output.Line($"Ended {revoked} session(s); their calls and open streams stop within seconds.");
        return ExitCodes.Ok;
    }
}
