using System.ComponentModel;
using System.Globalization;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

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
