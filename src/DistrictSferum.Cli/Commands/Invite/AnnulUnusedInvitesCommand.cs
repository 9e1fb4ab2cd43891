using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class AnnulUnusedInvitesSettings : SchoolIdSettings
{
    [CommandOption("--older-than-days <N>"), Description("Only links created at least N days ago (default: every unused link)")]
    public int? OlderThanDays { get; set; }

    public override ValidationResult Validate() =>
        OlderThanDays is < 0 ? ValidationResult.Error("--older-than-days must not be negative") : ValidationResult.Success();
}

[CliCommand("invite annul-unused", "Revoke every invite link nobody used (administrators; ORG-11)")]
[CliExample("invite", "annul-unused", "SCHOOL_ID", "--older-than-days", "14")]
internal sealed class AnnulUnusedInvitesCommand(CliEnvironment environment) : SferumCommand<AnnulUnusedInvitesSettings>(environment)
{
    protected override async Task<int> RunAsync(AnnulUnusedInvitesSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new AnnulUnusedInvitesRequest { SchoolId = settings.SchoolId };
        if (settings.OlderThanDays is { } days) request.OlderThan = Duration.FromTimeSpan(TimeSpan.FromDays(days));
        var response = await new InviteService.InviteServiceClient(connection.Invoker).AnnulUnusedInvitesAsync(request, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"{response.Annulled} unused invite link(s) annulled.");
        return ExitCodes.Ok;
    }
}
