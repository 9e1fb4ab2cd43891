using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;

namespace DistrictSferum.Cli.Commands;

/// <summary>A member's violations and block as tables (<c>mod violations</c>, <c>mod my</c>, <c>mod block</c>).</summary>
internal static class SanctionsView
{
    /// <summary>One row per violation: the clause and its text, the message and its text as evidence, who recorded it, when, and the block citing it.</summary>
    public static Table Violations(Sanctions sanctions, PeopleNames names)
    {
        var table = CliOutput.NewTable("Violation", "Clause", "Message", "Evidence", "Moderator", "At", "Cited by block");
        foreach (var v in sanctions.Violations)
            table.AddTextRow(v.ViolationId, ModerationText.Clause(v), $"#{v.MessageSeq}", Evidence(sanctions, v.MessageSeq), names[v.ModeratorId],
                CliOutput.Time(v.At), v.CitedByBlockId);
        return table;
    }

    public static string Evidence(Sanctions sanctions, long seq) => sanctions.Evidence.TryGetValue(seq, out var text) ? text : "(not available)";

    /// <summary>A block: until when, who decided, the violations cited, the apology and the objections (ETH-6, ETH-7).</summary>
    public static Table Block(Block block, PeopleNames names) => CliOutput.KeyValues([
        ("Block", block.BlockId),
        ("Member", names[block.MemberId]),
        ("From", CliOutput.Time(block.From)),
        ("Until", CliOutput.Time(block.Until)),
        ("Decided by", names[block.ModeratorId]),
        ("Violations cited", string.Join(", ", block.ViolationIds)),
        ("Apology", block.ApologySeq > 0 ? $"posted #{block.ApologySeq} at {CliOutput.Time(block.ApologyAt)}" : "not posted"),
        ("Objection deadline", block.ObjectionDeadline is null ? "(after an apology)" : CliOutput.Time(block.ObjectionDeadline)),
        ("Objections", block.ObjectorIds.Count == 0 ? "none" : $"{block.ObjectorIds.Count}: {names.Join(block.ObjectorIds)}"),
        ("Ended", block.EndedAt is null ? "" : $"{CliOutput.Time(block.EndedAt)} by {names[block.EndedBy]}"),
    ]);
}
