using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

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
