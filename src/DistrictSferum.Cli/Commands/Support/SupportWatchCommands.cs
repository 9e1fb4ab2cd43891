using System.ComponentModel;
using System.Globalization;
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

internal sealed class SupportFiguresSettings : GlobalSettings
{
    [CommandOption("--school <SCHOOL_ID>"), Description("A school's queue (its administrators); default: the district's (operators)")]
    public string? SchoolId { get; set; }

    [CommandOption("--from <ISO_TIME>", isRequired: true), Description("Tickets opened from then")]
    public DateTimeOffset From { get; set; }

    [CommandOption("--to <ISO_TIME>"), Description("...until then (default: now)")]
    public DateTimeOffset? To { get; set; }
}

[CliCommand("support figures", "Tickets opened in a period: how many were answered, closed, escalated; mean time to first reply and to close")]
[CliExample("support", "figures", "--school", "SCHOOL_ID", "--from", "2026-11-01")]
internal sealed class SupportFiguresCommand(CliEnvironment environment) : SferumCommand<SupportFiguresSettings>(environment)
{
    protected override async Task<int> RunAsync(SupportFiguresSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var f = await new SupportService.SupportServiceClient(connection.Invoker).GetSupportFiguresAsync(new GetSupportFiguresRequest
        {
            SchoolId = settings.SchoolId ?? "",
            From = settings.From.ToTimestamp(),
            To = (settings.To ?? Environment.Time.GetUtcNow()).ToTimestamp(),
        }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(f);
            return ExitCodes.Ok;
        }

        string N(long n) => n.ToString(CultureInfo.InvariantCulture);
        string D(Duration? d) => d is null ? "—" : d.ToTimeSpan().ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture);
        output.Write(CliOutput.KeyValues([
            ("Opened", N(f.Opened)), ("Answered", N(f.Replied)), ("Closed", N(f.Closed)), ("Escalated", N(f.Escalated)),
            ("Mean time to first reply", D(f.MeanTimeToFirstReply)), ("Mean time to close", D(f.MeanTimeToClose)),
        ]));
        return ExitCodes.Ok;
    }
}
