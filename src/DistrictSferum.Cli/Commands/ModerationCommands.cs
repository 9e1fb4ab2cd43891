using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

/// <summary>
/// <c>mod appoint|delete|remind|violations|block|unblock|object|reports|resolve|report|my</c>: moderation of a chat under
/// the ethics rules, machine-checked by the server (RULES ETH-2, ETH-5 to ETH-8): a reminder records a violation, a
/// block cites more than three of them and lasts at most a month, an early unblock needs an apology and a window with
/// no objection. Every action and every refused attempt is a row of the school's audit log (<c>audit</c>, ORG-16).
/// </summary>
internal static class ModerationCommands
{
    public static void Register(IConfigurator config) =>
        config.AddBranch("mod", branch =>
        {
            branch.SetDescription("Moderate a chat under its rules: reminders, violations, blocks, apologies, objections and reports (ETH-2, ETH-5 to ETH-8)");
            branch.AddCommand<AppointModeratorCommand>("appoint")
                .WithDescription("Appoint a verified teacher who is a member as a moderator (moderators and administrators; ETH-2)")
                .WithExample("mod", "appoint", "CHAT_ID", "USER_ID");
            branch.AddCommand<ModeratorDeleteCommand>("delete")
                .WithDescription("Delete a message citing a rule clause; members see it deleted by a moderator, its text is kept as evidence for the school's supervisors (ETH-2)")
                .WithExample("mod", "delete", "CHAT_ID", "17", "--clause", "2");
            branch.AddCommand<RemindMemberCommand>("remind")
                .WithDescription("Remind a message's author of a rule clause: that records a violation they see (ETH-5)")
                .WithExample("mod", "remind", "CHAT_ID", "17", "--clause", "2");
            branch.AddCommand<MemberViolationsCommand>("violations")
                .WithDescription("A member's violations, with the evidence and the block that cited each, and their block if any (moderators)")
                .WithExample("mod", "violations", "CHAT_ID", "USER_ID");
            branch.AddCommand<BlockMemberCommand>("block")
                .WithDescription("Block a member citing more than three of their violations not cited before, for at most a month (ETH-6, ETH-8)")
                .WithExample("mod", "block", "CHAT_ID", "USER_ID", "--violation", "V1", "--violation", "V2", "--violation", "V3", "--violation", "V4", "--days", "7")
                .WithExample("mod", "block", "CHAT_ID", "USER_ID", "--violation", "V1", "--violation", "V2", "--violation", "V3", "--violation", "V4",
                    "--until", "2026-12-01T10:00Z");
            branch.AddCommand<UnblockEarlyCommand>("unblock")
                .WithDescription("End a block early: only after the member's apology and a whole objection window with no objection (ETH-7)")
                .WithExample("mod", "unblock", "CHAT_ID", "USER_ID");
            branch.AddCommand<ObjectToUnblockCommand>("object")
                .WithDescription("Object, within the window, to ending an apologising member's block early (any member; ETH-7)")
                .WithExample("mod", "object", "CHAT_ID", "USER_ID");
            branch.AddCommand<ListReportsCommand>("reports")
                .WithDescription("The moderators' queue of reported messages: open ones, or all with --all")
                .WithExample("mod", "reports", "CHAT_ID", "--all");
            branch.AddCommand<ResolveReportCommand>("resolve")
                .WithDescription("Mark a report handled (moderators)")
                .WithExample("mod", "resolve", "CHAT_ID", "REPORT_ID");
            branch.AddCommand<ReportMessageCommand>("report")
                .WithDescription("Report a message to the chat's moderators (any member)")
                .WithExample("mod", "report", "CHAT_ID", "17", "--reason", "\"Insults a classmate\"");
            branch.AddCommand<MySanctionsCommand>("my")
                .WithDescription("Your own violations in a chat with the rule and the evidence, and your block: until when, who decided, your apology and the objection deadline")
                .WithExample("mod", "my", "CHAT_ID");
        });
}

/// <summary>A member of a chat: <c>CHAT_ID USER_ID</c>.</summary>
internal class ChatMemberSettings : ChatIdSettings
{
    [CommandArgument(1, "<USER_ID>"), Description("The member's user id (see `chat members`)")]
    public string UserId { get; set; } = "";
}

/// <summary>A message and the rule clause a moderator cites about it: <c>CHAT_ID SEQ --clause N</c>.</summary>
internal sealed class ModeratedMessageSettings : MessageRefSettings
{
    [CommandOption("--clause <N>", isRequired: true), Description("The chat's rule clause cited, numbered from 1 (see `chat show`)")]
    public int Clause { get; set; }

    public override ValidationResult Validate() =>
        Clause <= 0 ? ValidationResult.Error("--clause must be a clause number of the chat's rules (1, 2...)") : base.Validate();
}

internal sealed class AppointModeratorCommand(CliEnvironment environment) : SferumCommand<ChatMemberSettings>(environment)
{
    protected override async Task<int> RunAsync(ChatMemberSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var chat = await new ModerationService.ModerationServiceClient(connection.Invoker).AppointModeratorAsync(
            new ModeratorRequest { ChatId = settings.ChatId, UserId = settings.UserId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(chat);
        else output.Line($"{settings.UserId} now moderates \"{chat.Title}\" ({chat.ChatId}); its moderators: {string.Join(", ", chat.ModeratorIds)} (ETH-2).");
        return ExitCodes.Ok;
    }
}

internal sealed class ModeratorDeleteCommand(CliEnvironment environment) : SferumCommand<ModeratedMessageSettings>(environment)
{
    protected override async Task<int> RunAsync(ModeratedMessageSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var ack = await new ModerationService.ModerationServiceClient(connection.Invoker).DeleteMessageAsync(
            new ModeratedMessage { ChatId = settings.ChatId, Seq = settings.Seq, Clause = settings.Clause }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(ack);
            return ExitCodes.Ok;
        }

        var clause = await ModerationText.ClauseAsync(connection, settings.ChatId, settings.Clause);
        output.Line($"Deleted #{settings.Seq} under clause {clause} (change #{ack.Seq}). Members see it deleted by a moderator;");
        output.Line("its text is kept as evidence for the school's supervisors (`sferumctl audit query SCHOOL_ID --chat CHAT_ID`; ETH-2, ORG-16).");
        return ExitCodes.Ok;
    }
}

internal sealed class RemindMemberCommand(CliEnvironment environment) : SferumCommand<ModeratedMessageSettings>(environment)
{
    protected override async Task<int> RunAsync(ModeratedMessageSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var violation = await new ModerationService.ModerationServiceClient(connection.Invoker).RemindMemberAsync(
            new ModeratedMessage { ChatId = settings.ChatId, Seq = settings.Seq, Clause = settings.Clause }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(violation);
            return ExitCodes.Ok;
        }

        output.Line($"Reminded {violation.MemberId} of clause {ModerationText.Clause(violation)} about #{violation.MessageSeq}.");
        output.Line($"Violation {violation.ViolationId} recorded; they see it with `sferumctl mod my {violation.ChatId}` (ETH-5).");
        return ExitCodes.Ok;
    }
}

internal sealed class MemberViolationsCommand(CliEnvironment environment) : SferumCommand<ChatMemberSettings>(environment)
{
    protected override async Task<int> RunAsync(ChatMemberSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var sanctions = await new ModerationService.ModerationServiceClient(connection.Invoker).GetMemberSanctionsAsync(
            new MemberOfChat { ChatId = settings.ChatId, UserId = settings.UserId }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(sanctions);
            return ExitCodes.Ok;
        }

        output.Write(SanctionsView.Violations(sanctions));
        var citable = sanctions.Violations.Where(v => v.CitedByBlockId.Length == 0).ToList();
        output.Line($"{sanctions.Violations.Count} violation(s) of {settings.UserId}, {citable.Count} not cited by a block.");
        if (sanctions.ActiveBlock is { } block)
        {
            output.Line("Blocked:");
            output.Write(SanctionsView.Block(block));
        }
        else
        {
            output.Line("Not blocked.");
            if (citable.Count > ModerationText.BlockThreshold)
                output.Line($"A block may cite them: sferumctl mod block {settings.ChatId} {settings.UserId} " +
                    string.Join(' ', citable.Select(v => $"--violation {v.ViolationId}")) + " --days N (at most a month; ETH-6)");
        }

        return ExitCodes.Ok;
    }
}

internal sealed class BlockMemberSettings : ChatMemberSettings
{
    [CommandOption("--violation <VIOLATION_ID>"), Description("A violation of the member the block cites (see `mod violations`); repeat for each, more than three")]
    public string[]? Violations { get; set; }

    [CommandOption("--days <N>"), Description("The block lasts N days from now (at most a month)")]
    public int? Days { get; set; }

    [CommandOption("--until <TIME>"), Description("The block ends at this time (ISO 8601, e.g. 2026-12-01T10:00Z; at most a month from now)")]
    public string? Until { get; set; }

    public override ValidationResult Validate() =>
        Violations is not { Length: > 0 } ? ValidationResult.Error("a block cites the member's violations: give at least one --violation VIOLATION_ID (see `mod violations`; ETH-8)")
        : Violations.Any(string.IsNullOrWhiteSpace) ? ValidationResult.Error("a --violation must not be empty")
        : (Days is null) == (Until is null) ? ValidationResult.Error("give how long the block lasts: either --days N or --until TIME")
        : Days is <= 0 ? ValidationResult.Error("--days must be a positive number")
        : TimeOption.Error("--until", Until) is { } error ? ValidationResult.Error(error)
        : ValidationResult.Success();
}

internal sealed class BlockMemberCommand(CliEnvironment environment) : SferumCommand<BlockMemberSettings>(environment)
{
    protected override async Task<int> RunAsync(BlockMemberSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var until = settings.Days is { } days
            ? Timestamp.FromDateTimeOffset(Environment.Time.GetUtcNow().AddDays(days))
            : TimeOption.ToTimestamp(settings.Until)!;
        var request = new BlockMemberRequest
        {
            ChatId = settings.ChatId,
            UserId = settings.UserId,
            ViolationIds = { settings.Violations!.Select(SferumCtl.RestoreDashed).Select(v => v.Trim()) },
            Until = until,
        };
        var block = await new ModerationService.ModerationServiceClient(connection.Invoker).BlockMemberAsync(request, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(block);
            return ExitCodes.Ok;
        }

        output.Write(SanctionsView.Block(block));
        output.Line($"Blocked {block.MemberId} until {CliOutput.Time(block.Until)}, citing {block.ViolationIds.Count} violation(s) (ETH-6).");
        output.Line("They read the chat but post nothing except one apology; members may then object to ending the block early (ETH-7).");
        return ExitCodes.Ok;
    }
}

internal sealed class UnblockEarlyCommand(CliEnvironment environment) : SferumCommand<ChatMemberSettings>(environment)
{
    protected override async Task<int> RunAsync(ChatMemberSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var block = await new ModerationService.ModerationServiceClient(connection.Invoker).UnblockEarlyAsync(
            new MemberOfChat { ChatId = settings.ChatId, UserId = settings.UserId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(block);
        else output.Line($"Unblocked {block.MemberId} early at {CliOutput.Time(block.EndedAt)}: they apologised (#{block.ApologySeq}) " +
            $"and no member objected by {CliOutput.Time(block.ObjectionDeadline)} (ETH-7).");
        return ExitCodes.Ok;
    }
}

internal sealed class ObjectToUnblockCommand(CliEnvironment environment) : SferumCommand<ChatMemberSettings>(environment)
{
    protected override async Task<int> RunAsync(ChatMemberSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var block = await new ModerationService.ModerationServiceClient(connection.Invoker).ObjectToUnblockAsync(
            new MemberOfChat { ChatId = settings.ChatId, UserId = settings.UserId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(block);
        else output.Line($"You objected to ending {block.MemberId}'s block early: it runs until {CliOutput.Time(block.Until)} " +
            $"({block.ObjectorIds.Count} objection(s); ETH-7).");
        return ExitCodes.Ok;
    }
}

internal sealed class ListReportsSettings : ChatIdSettings
{
    [CommandOption("--all"), Description("Resolved reports too")]
    public bool All { get; set; }
}

internal sealed class ListReportsCommand(CliEnvironment environment) : SferumCommand<ListReportsSettings>(environment)
{
    protected override async Task<int> RunAsync(ListReportsSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var reports = await new ModerationService.ModerationServiceClient(connection.Invoker).ListReportsAsync(
            new ListReportsRequest { ChatId = settings.ChatId, IncludeResolved = settings.All }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(reports);
            return ExitCodes.Ok;
        }

        var table = CliOutput.NewTable("Id", "Message", "Reporter", "Reason", "At", "Resolved by");
        foreach (var r in reports.Reports)
            table.AddTextRow(r.ReportId, $"#{r.MessageSeq}", r.ReporterId, r.Reason, CliOutput.Time(r.At), r.ResolvedBy);
        output.Write(table);
        var open = reports.Reports.Count(r => r.ResolvedBy.Length == 0);
        output.Line(settings.All ? $"{reports.Reports.Count} report(s), {open} open." : $"{open} open report(s).");
        if (open > 0)
            output.Line($"Read them with `sferumctl chat history {settings.ChatId}`; act with `sferumctl mod remind|delete {settings.ChatId} SEQ --clause N`, " +
                $"then `sferumctl mod resolve {settings.ChatId} REPORT_ID`.");
        return ExitCodes.Ok;
    }
}

internal sealed class ResolveReportSettings : ChatIdSettings
{
    [CommandArgument(1, "<REPORT_ID>"), Description("The report's id (see `mod reports`)")]
    public string ReportId { get; set; } = "";
}

internal sealed class ResolveReportCommand(CliEnvironment environment) : SferumCommand<ResolveReportSettings>(environment)
{
    protected override async Task<int> RunAsync(ResolveReportSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var report = await new ModerationService.ModerationServiceClient(connection.Invoker).ResolveReportAsync(
            new ResolveReportRequest { ChatId = settings.ChatId, ReportId = settings.ReportId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(report);
        else output.Line($"Resolved report {report.ReportId} about #{report.MessageSeq} (resolved by {report.ResolvedBy}).");
        return ExitCodes.Ok;
    }
}

internal sealed class ReportMessageSettings : MessageRefSettings
{
    [CommandOption("--reason <TEXT>", isRequired: true), Description("Why the message breaks the chat's rules")]
    public string Reason { get; set; } = "";

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Reason) ? ValidationResult.Error("--reason must not be empty") : base.Validate();
}

internal sealed class ReportMessageCommand(CliEnvironment environment) : SferumCommand<ReportMessageSettings>(environment)
{
    protected override async Task<int> RunAsync(ReportMessageSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var report = await new ModerationService.ModerationServiceClient(connection.Invoker).ReportMessageAsync(
            new ReportMessageRequest { ChatId = settings.ChatId, Seq = settings.Seq, Reason = SferumCtl.RestoreDashed(settings.Reason) },
            await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(report);
        else output.Line($"Reported #{report.MessageSeq} to the chat's moderators (report {report.ReportId}).");
        return ExitCodes.Ok;
    }
}

internal sealed class MySanctionsCommand(CliEnvironment environment) : SferumCommand<ChatIdSettings>(environment)
{
    protected override async Task<int> RunAsync(ChatIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var sanctions = await new ModerationService.ModerationServiceClient(connection.Invoker).GetMySanctionsAsync(
            new ChatRef { ChatId = settings.ChatId }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(sanctions);
            return ExitCodes.Ok;
        }

        if (sanctions.Violations.Count == 0 && sanctions.ActiveBlock is null)
        {
            output.Line($"You have no recorded violations in chat {settings.ChatId} and are not blocked.");
            return ExitCodes.Ok;
        }

        // Due process (ETH-5): each violation with the rule clause broken and the message it was about.
        output.Line($"Your violations in chat {settings.ChatId}, each recorded by a moderator's reminder of a rule clause (ETH-5):");
        output.Write(SanctionsView.Violations(sanctions));
        output.Line($"{sanctions.Violations.Count} violation(s).");
        if (sanctions.ActiveBlock is not { } block)
        {
            output.Line("You are not blocked.");
            return ExitCodes.Ok;
        }

        output.Line("You are blocked (ETH-6):");
        output.Write(SanctionsView.Block(block));
        if (block.ApologySeq == 0)
            output.Line($"You read the chat but post nothing except one apology: sferumctl chat send {settings.ChatId} \"TEXT\" --apology (ETH-7).");
        else if (block.ObjectorIds.Count > 0)
            output.Line($"A member objected to ending your block early: it runs until {CliOutput.Time(block.Until)} (ETH-7).");
        else
            output.Line($"Members may object until {CliOutput.Time(block.ObjectionDeadline)}; if none does, a moderator may unblock you early (ETH-7).");
        return ExitCodes.Ok;
    }
}

/// <summary>Rule clauses as people read them: <c>2 "Stay on topic."</c>.</summary>
internal static class ModerationText
{
    /// <summary>A block cites more than this many violations (ETH-6).</summary>
    public const int BlockThreshold = 3;

    public static string Clause(Violation v) => v.ClauseText.Length > 0 ? $"{v.Clause} \"{v.ClauseText}\"" : v.Clause.ToString();

    /// <summary>The clause with its text from the chat's current rules; just the number when they cannot be read.</summary>
    public static async Task<string> ClauseAsync(ServerConnection connection, string chatId, int clause)
    {
        try
        {
            var chat = await new ChatService.ChatServiceClient(connection.Invoker).GetChatAsync(
                new GetChatRequest { ChatId = chatId }, await connection.AuthorizedAsync());
            var clauses = chat.Rules?.Clauses;
            return clauses is not null && clause <= clauses.Count ? $"{clause} \"{clauses[clause - 1]}\"" : clause.ToString();
        }
        catch (RpcException)
        {
            return clause.ToString();
        }
    }
}

/// <summary>A member's violations and block as tables (<c>mod violations</c>, <c>mod my</c>, <c>mod block</c>).</summary>
internal static class SanctionsView
{
    /// <summary>One row per violation: the clause and its text, the message and its text as evidence, who recorded it, when, and the block citing it.</summary>
    public static Table Violations(Sanctions sanctions)
    {
        var table = CliOutput.NewTable("Violation", "Clause", "Message", "Evidence", "Moderator", "At", "Cited by block");
        // Ids and times are never wrapped; the clause and evidence texts are.
        foreach (var column in table.Columns.Where((_, index) => index is not (1 or 3))) column.NoWrap = true;
        foreach (var v in sanctions.Violations)
            table.AddTextRow(v.ViolationId, ModerationText.Clause(v), $"#{v.MessageSeq}", Evidence(sanctions, v.MessageSeq), v.ModeratorId,
                CliOutput.Time(v.At), v.CitedByBlockId);
        return table;
    }

    public static string Evidence(Sanctions sanctions, long seq) => sanctions.Evidence.TryGetValue(seq, out var text) ? text : "(not available)";

    /// <summary>A block: until when, who decided, the violations cited, the apology and the objections (ETH-6, ETH-7).</summary>
    public static Table Block(Block block) => CliOutput.KeyValues([
        ("Block", block.BlockId),
        ("Member", block.MemberId),
        ("From", CliOutput.Time(block.From)),
        ("Until", CliOutput.Time(block.Until)),
        ("Decided by", block.ModeratorId),
        ("Violations cited", string.Join(", ", block.ViolationIds)),
        ("Apology", block.ApologySeq > 0 ? $"posted #{block.ApologySeq} at {CliOutput.Time(block.ApologyAt)}" : "not posted"),
        ("Objection deadline", block.ObjectionDeadline is null ? "(after an apology)" : CliOutput.Time(block.ObjectionDeadline)),
        ("Objections", block.ObjectorIds.Count == 0 ? "none" : $"{block.ObjectorIds.Count}: {string.Join(", ", block.ObjectorIds)}"),
        ("Ended", block.EndedAt is null ? "" : $"{CliOutput.Time(block.EndedAt)} by {block.EndedBy}"),
    ]);
}
