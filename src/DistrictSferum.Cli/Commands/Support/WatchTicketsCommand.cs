using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class WatchTicketsSettings : GlobalSettings
{
    [CommandOption("--school <SCHOOL_ID>"), Description("A school's queue (its administrators)")]
    public string? SchoolId { get; set; }

    [CommandOption("--district"), Description("The district's queue (operators)")]
    public bool District { get; set; }

    [CommandOption("--since <ISO_TIME>"), Description("First every ticket changed since then (default: live changes only)")]
    public DateTimeOffset? Since { get; set; }

    [CommandOption("--count <N>"), Description("Stop after N changes")]
    public int? Count { get; set; }

    [CommandOption("--timeout <SECONDS>"), Description("Stop after SECONDS; with --count, fewer changes by then is a failure (exit 1)")]
    public int? Timeout { get; set; }

    public override ValidationResult Validate() =>
        SchoolId is not null && District ? ValidationResult.Error("--school and --district exclude each other")
        : Count is <= 0 || Timeout is <= 0 ? ValidationResult.Error("--count and --timeout must be positive numbers")
        : ValidationResult.Success();
}

/// <summary><c>support watch</c>: the WatchTickets stream, a line per change (with --json one object per line).</summary>
[CliCommand("support watch", "Follow tickets live: your own, a school's queue (--school) or the district's (--district), until Ctrl+C, --count or --timeout")]
[CliExample("support", "watch", "--school", "SCHOOL_ID")]
[CliExample("support", "watch", "--district", "--since", "2026-11-30T08:00:00+03:00", "--count", "5", "--timeout", "60", "--json")]
internal sealed class WatchTicketsCommand(CliEnvironment environment) : SferumCommand<WatchTicketsSettings>(environment)
{
    protected override async Task<int> RunAsync(WatchTicketsSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new SupportService.SupportServiceClient(connection.Invoker);
        var options = await connection.AuthorizedAsync();
        var request = new WatchTicketsRequest
        {
            Scope = settings.SchoolId is not null ? TicketScope.School : settings.District ? TicketScope.District : TicketScope.Mine,
            SchoolId = settings.SchoolId ?? "",
        };
        if (settings.Since is { } since) request.Since = since.ToTimestamp();
        return await FollowAsync(stop => client.WatchTickets(request, options.WithCancellationToken(stop)), settings.Count, settings.Timeout, "change", update =>
        {
            if (output.Json) output.WriteJsonLine(update);
            else
            {
                var t = update.Ticket;
                var line = update.Message is { } m ? $" — {m.AuthorName}: {m.Body}" : "";
                output.UnwrappedLine($"{CliOutput.Time(t.UpdatedAt)} {t.TicketId} [{SupportView.Status(t.Status)}{(t.Escalated ? ", escalated" : "")}] {t.Subject}{line}");
            }

            return true;
        });
    }
}
