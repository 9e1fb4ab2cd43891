using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Grpc.Core;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

/// <summary>
/// <c>audit query|verify|watch</c>: the director's and administrators' view of the school's moderation, a hash-chained
/// log of every moderation action and every refused attempt (RULES ORG-16).
/// </summary>
internal static class AuditCommands
{
    public static void Register(IConfigurator config) =>
        config.AddBranch("audit", branch =>
        {
            branch.SetDescription("The school's moderation audit log: query it, verify its hash chain, follow it live (director and administrators; ORG-16)");
            branch.AddCommand<QueryAuditCommand>("query")
                .WithDescription("The log's rows, newest first, by chat, member, moderator and time; refused attempts included")
                .WithExample("audit", "query", "SCHOOL_ID", "--chat", "CHAT_ID")
                .WithExample("audit", "query", "SCHOOL_ID", "--moderator", "USER_ID", "--from", "2026-09-01", "--to", "2026-10-01", "--all");
            branch.AddCommand<VerifyAuditCommand>("verify")
                .WithDescription("Re-derive the hash chain: \"intact, N rows\" (exit 0), or the first row altered since it was written (exit 1)")
                .WithExample("audit", "verify", "SCHOOL_ID");
            branch.AddCommand<WatchAuditCommand>("watch")
                .WithDescription("Follow the school's moderation live, a line per row (with --json one JSON object per line), until Ctrl+C, --count or --timeout")
                .WithExample("audit", "watch", "SCHOOL_ID")
                .WithExample("--json", "audit", "watch", "SCHOOL_ID", "--after", "0", "--count", "10", "--timeout", "60");
        });
}

internal sealed class QueryAuditSettings : SchoolPagingSettings
{
    [CommandOption("--chat <CHAT_ID>"), Description("Only this chat's rows")]
    public string? ChatId { get; set; }

    [CommandOption("--member <USER_ID>"), Description("Only rows about this member (reminded, blocked, objected to...)")]
    public string? MemberId { get; set; }

    [CommandOption("--moderator <USER_ID>"), Description("Only rows of what this person did or tried")]
    public string? ModeratorId { get; set; }

    [CommandOption("--from <TIME>"), Description("Only rows at or after this time (ISO 8601, e.g. 2026-09-01 or 2026-09-01T08:00Z)")]
    public string? From { get; set; }

    [CommandOption("--to <TIME>"), Description("Only rows before this time (ISO 8601)")]
    public string? To { get; set; }

    public override ValidationResult Validate()
    {
        if ((TimeOption.Error("--from", From) ?? TimeOption.Error("--to", To)) is { } error) return ValidationResult.Error(error);
        if (From is not null && To is not null && TimeOption.TryParse(From, out var from) && TimeOption.TryParse(To, out var to) && from >= to)
            return ValidationResult.Error("--from must be before --to");
        return base.Validate();
    }
}

internal sealed class QueryAuditCommand(CliEnvironment environment) : SferumCommand<QueryAuditSettings>(environment)
{
    protected override async Task<int> RunAsync(QueryAuditSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new ModerationService.ModerationServiceClient(connection.Invoker);
        var request = new QueryAuditRequest
        {
            SchoolId = settings.SchoolId,
            ChatId = settings.ChatId ?? "",
            MemberId = settings.MemberId ?? "",
            ModeratorId = settings.ModeratorId ?? "",
            From = TimeOption.ToTimestamp(settings.From),
            To = TimeOption.ToTimestamp(settings.To),
        };
        var result = await Pager.FetchAsync(settings, async (size, token) =>
        {
            var page = request.Clone();
            page.PageSize = size;
            page.PageToken = token;
            return await client.QueryAuditAsync(page, await connection.AuthorizedAsync());
        });
        // With --chat every row is that chat's: the column is left out. Ids, times and codes are never wrapped; the texts are.
        var withChat = request.ChatId.Length == 0;
        Pager.Write(output, result, result.Entries.Count, "row(s)", () =>
        {
            var table = CliOutput.NewTable([
                "Seq", "Time", .. withChat ? new[] { "Chat" } : [], "Action", "Result", "Actor", "Subject", "Msg", "Clause", "Detail", "Evidence",
            ]);
            foreach (var column in table.Columns.SkipLast(2)) column.NoWrap = true;
            foreach (var e in result.Entries)
                table.AddTextRow([
                    $"#{e.Seq}", CliOutput.Time(e.At), .. withChat ? new[] { e.ChatId } : [], e.Action, AuditText.Result(e), e.ActorId, e.SubjectUserId,
                    e.MessageSeq > 0 ? $"#{e.MessageSeq}" : "", e.Clause > 0 ? e.Clause.ToString() : "", e.Detail, e.Evidence,
                ]);
            return table;
        });
        return ExitCodes.Ok;
    }
}

internal sealed class VerifyAuditCommand(CliEnvironment environment) : SferumCommand<SchoolIdSettings>(environment)
{
    protected override async Task<int> RunAsync(SchoolIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var result = await new ModerationService.ModerationServiceClient(connection.Invoker).VerifyAuditAsync(
            new VerifyAuditRequest { SchoolId = settings.SchoolId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(result);
        else if (result.Intact) output.Line($"The audit log of school {settings.SchoolId} is intact, {result.RowsChecked} rows.");
        else
            output.Line($"The audit log of school {settings.SchoolId} is BROKEN at row {result.FirstBrokenSeq}: that row (or the chain before it) " +
                $"was altered after it was written ({result.RowsChecked} rows checked; ORG-16).");
        return result.Intact ? ExitCodes.Ok : ExitCodes.Failure;
    }
}

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
        return await FollowAsync(stop => client.WatchModeration(request, options.WithCancellationToken(stop)), settings.Count, settings.Timeout, "row", entry =>
        {
            if (output.Json) output.WriteJsonLine(entry);
            else output.UnwrappedLine(AuditText.Line(entry));
            return true;
        });
    }
}

/// <summary>Audit rows as people read them.</summary>
internal static class AuditText
{
    /// <summary>"ok", or "REFUSED CODE" for an attempt the rules refused.</summary>
    public static string Result(AuditEntry e) => e.Refused ? $"REFUSED {e.ErrorCode}".TrimEnd() : "ok";

    /// <summary><c>#seq time [chat] actor action subject=… message=#… clause=N: result: detail | evidence: "…"</c></summary>
    public static string Line(AuditEntry e)
    {
        var parts = new List<string> { $"#{e.Seq}", CliOutput.Time(e.At), $"[{e.ChatId}]", e.ActorId, e.Action };
        if (e.SubjectUserId.Length > 0) parts.Add($"subject={e.SubjectUserId}");
        if (e.MessageSeq > 0) parts.Add($"message=#{e.MessageSeq}");
        if (e.Clause > 0) parts.Add($"clause={e.Clause}");
        var line = $"{string.Join(' ', parts)}: {Result(e)}: {e.Detail}";
        return e.Evidence.Length > 0 ? $"{line} | evidence: \"{e.Evidence}\"" : line;
    }
}
