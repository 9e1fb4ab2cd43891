using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>A chat event as a sentence people read (<c>chat tail</c>, <c>chat history</c>): names, not kinds and ids.</summary>
internal static class ChatEventText
{
    /// <summary>"Анна Иванова: text", "Пётр apologised: …", "Анна blocked Пётр: …".</summary>
    public static string Sentence(ChatEvent e, PeopleNames names)
    {
        var actor = names[e.ActorId];
        var subject = names[e.SubjectUserId];
        return e.Kind switch
        {
            // Replayed from the log, a message deleted since has lost its text.
            ChatEventKind.Posted => $"{actor}{(e.ReplyTo > 0 ? $" (reply to #{e.ReplyTo})" : "")}: {(e.Body.Length > 0 ? e.Body : "(deleted)")}",
            ChatEventKind.Edited => $"* {actor} edited #{e.TargetSeq}: {e.Body}",
            ChatEventKind.Deleted when e.SubjectUserId.Length > 0 && e.SubjectUserId != e.ActorId =>
                $"* moderator {actor} deleted #{e.TargetSeq} by {subject}{Detail(e)}",
            ChatEventKind.Deleted => $"* {actor} deleted #{e.TargetSeq}",
            ChatEventKind.MemberJoined => $"* {subject} joined",
            ChatEventKind.MemberLeft => $"* {subject} left",
            ChatEventKind.MemberRemoved => $"* {subject} was removed" + (e.ActorId.Length > 0 && e.ActorId != e.SubjectUserId ? $" by {actor}" : "") + Detail(e),
            ChatEventKind.RulesChanged =>
                $"* {actor} changed the rules to version {e.TargetSeq}; read them with `sferumctl chat show {e.ChatId}`, then accept them with `sferumctl chat accept-rules {e.ChatId} {e.TargetSeq}`",
            ChatEventKind.ViolationRecorded => $"* {actor} reminded {subject} of the rules over #{e.TargetSeq}: a violation is recorded{Detail(e)}",
            ChatEventKind.MemberBlocked => $"* {actor} blocked {subject}{Detail(e)}",
            ChatEventKind.Apology =>
                $"* {actor} apologised: {e.Body} (members may object to an early unblock: `sferumctl mod object {e.ChatId} {e.ActorId}`)",
            ChatEventKind.ObjectionRaised => $"* {actor} objected to unblocking {subject} early",
            ChatEventKind.EarlyUnblockPossible => $"* nobody objected to unblocking {subject} early: a moderator may unblock them{Detail(e)}",
            ChatEventKind.BlockEnded => $"* {subject}'s block ended{Detail(e)}",
            ChatEventKind.ModeratorAppointed => $"* {actor} appointed {subject} a moderator",
            // The notice's last line names the meeting ("meeting:<id>"), for `meeting join`.
            ChatEventKind.MeetingNotice => "* " + e.Body.Replace("\nmeeting:", " (meeting ", StringComparison.Ordinal) + (e.Body.Contains("\nmeeting:", StringComparison.Ordinal) ? ")" : ""),
            _ => $"* {e.Kind}{Detail(e)}",
        };
    }

    private static string Detail(ChatEvent e) => e.Body.Length > 0 ? $" ({e.Body})" : "";
}
