using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class WatchAuditSettings : SchoolIdSettings
{
    [CommandOption("--after <SEQ>"), Description("Start after this row (0: from the first row; default: from now)")]
    public long? After { get; set; }

    [CommandOption("--count <N>"), Description("Stop after N rows")]
    public int? Count { get; set; }

    [CommandOption("--timeout <SECONDS>"), Description("Stop after SECONDS; with --count, fewer rows by then is a failure (exit 1)")]
    public int? Timeout { get; set; }

    public override ValidationResult Validate() =>
        After is < 0 ? ValidationResult.Error("--after must be a row's sequence number (0: from the first row)")
        : Count is <= 0 || Timeout is <= 0 ? ValidationResult.Error("--count and --timeout must be positive numbers")
        : ValidationResult.Success();
}

/// <summary>
/// <c>audit watch</c>: the WatchModeration stream, printing each row as it is written: a line per row, or with
/// <c>--json</c> one AuditEntry per line (JSON Lines).
/// </summary>
[CliCommand("audit watch", "Follow the school's moderation live, a line per row (with --json one JSON object per line), until Ctrl+C, --count or --timeout")]
[CliExample("audit", "watch", "SCHOOL_ID")]
[CliExample("audit", "watch", "SCHOOL_ID", "--after", "0", "--count", "10", "--timeout", "60", "--json")]
internal sealed class WatchAuditCommand(CliEnvironment environment) : SferumCommand<WatchAuditSettings>(environment)
{
    protected override async Task<int> RunAsync(WatchAuditSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new ModerationService.ModerationServiceClient(connection.Invoker);
        var options = await connection.AuthorizedAsync();
        // From now: after the newest row (what is written meanwhile is delivered, not lost).
        var after = settings.After ?? (await client.QueryAuditAsync(new QueryAuditRequest { SchoolId = settings.SchoolId, PageSize = 1 }, options))
            .Entries.Select(e => e.Seq).FirstOrDefault();

        var request = new WatchModerationRequest { SchoolId = settings.SchoolId, AfterSeq = after };
        return await FollowAsync(stop => client.WatchModeration(request, options.WithCancellationToken(stop)), settings.Count, settings.Timeout, "row", update =>
        {
            if (output.Json) output.WriteJsonLine(update.Entry);
            else output.UnwrappedLine(AuditText.Line(update.Entry));
            return true;
        });
    }
}
