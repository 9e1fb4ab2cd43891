using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

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

[CliCommand("audit query", "The log's rows, newest first, by chat, member, moderator and time; refused attempts included")]
[CliExample("audit", "query", "SCHOOL_ID", "--chat", "CHAT_ID")]
[CliExample("audit", "query", "SCHOOL_ID", "--moderator", "USER_ID", "--from", "2026-09-01", "--to", "2026-10-01", "--all")]
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
        // With --chat every row is that chat's: the column is left out. People by name (--ids: by id).
        var withChat = request.ChatId.Length == 0;
        var names = await PeopleNames.OfSchoolAsync(connection, output, settings.SchoolId);
        var chats = withChat ? await ChatTitles.OfSchoolAsync(connection, output, settings.SchoolId) : null;
        Pager.Write(output, result, result.Entries.Count, "row(s)", () =>
        {
            var table = CliOutput.NewTable([
                "Seq", "Time", .. withChat ? new[] { "Chat" } : [], "Action", "Result", "Actor", "Subject", "Msg", "Clause", "Detail", "Evidence",
            ]);
            foreach (var e in result.Entries)
                table.AddTextRow([
                    $"#{e.Seq}", CliOutput.Time(e.At), .. withChat ? new[] { chats![e.ChatId] } : [], e.Action, AuditText.Result(e), names[e.ActorId], names[e.SubjectUserId],
                    e.MessageSeq > 0 ? $"#{e.MessageSeq}" : "", e.Clause > 0 ? e.Clause.ToString() : "", e.Detail, e.Evidence,
                ]);
            return table;
        });
        return ExitCodes.Ok;
    }
}
