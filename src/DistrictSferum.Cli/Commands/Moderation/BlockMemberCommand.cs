using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

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

[CliCommand("mod block", "Block a member citing more than three of their violations not cited before, for at most a month (ETH-6, ETH-8)")]
[CliExample("mod", "block", "CHAT_ID", "USER_ID", "--violation", "V1", "--violation", "V2", "--violation", "V3", "--violation", "V4", "--days", "7")]
[CliExample("mod", "block", "CHAT_ID", "USER_ID", "--violation", "V1", "--violation", "V2", "--violation", "V3", "--violation", "V4", "--until", "2026-12-01T10:00Z")]
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
            ViolationIds = { settings.Violations!.Select(CommandLine.Restore).Select(v => v.Trim()) },
            Until = until,
        };
        var block = (await new ModerationService.ModerationServiceClient(connection.Invoker).BlockMemberAsync(request, await connection.AuthorizedAsync())).Block;
        if (output.Json)
        {
            output.WriteJson(block);
            return ExitCodes.Ok;
        }

        output.Write(SanctionsView.Block(block, await PeopleNames.OfChatsAsync(connection, output, [settings.ChatId])));
        output.Line($"Blocked {block.MemberId} until {CliOutput.Time(block.Until)}, citing {block.ViolationIds.Count} violation(s) (ETH-6).");
        output.Line("They read the chat but post nothing except one apology; members may then object to ending the block early (ETH-7).");
        return ExitCodes.Ok;
    }
}
