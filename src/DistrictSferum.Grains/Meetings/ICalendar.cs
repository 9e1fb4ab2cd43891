using System.Globalization;
using System.Text;
using DistrictSferum.Contracts.Meetings;

namespace DistrictSferum.Grains.Meetings;

/// <summary>RFC 5545 text of a member's meetings: one VEVENT per meeting, a weekly series as RRULE with EXDATEs.</summary>
public static class ICalendar
{
    public static string Write(IEnumerable<MeetingView> meetings, DateTimeOffset stamp)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//DistrictSferum//Meetings//RU", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:" + Escape("Сферум: встречи и трансляции"),
        };
        foreach (var m in meetings)
        {
            var occurrences = MeetingSchedule.Occurrences(m);
            var series = m.WeeklyOccurrences > 1;
            var start = series ? m.Start : occurrences.Count > 0 ? occurrences[0].Start : m.Start;
            var end = series ? m.Start + m.Duration : occurrences.Count > 0 ? occurrences[0].End : m.Start + m.Duration;
            lines.Add("BEGIN:VEVENT");
            lines.Add($"UID:{m.MeetingId}@district-sferum");
            lines.Add("DTSTAMP:" + Utc(stamp));
            lines.Add("DTSTART:" + Utc(start));
            lines.Add("DTEND:" + Utc(end));
            if (series)
            {
                lines.Add($"RRULE:FREQ=WEEKLY;COUNT={m.WeeklyOccurrences.ToString(CultureInfo.InvariantCulture)}");
                if (m.CancelledOccurrences.Count > 0) lines.Add("EXDATE:" + string.Join(',', m.CancelledOccurrences.Order().Select(Utc)));
            }

            lines.Add("SUMMARY:" + Escape($"{MeetingText.KindName(m.Kind)}: {m.Title}"));
            if (m.Agenda.Length > 0) lines.Add("DESCRIPTION:" + Escape(m.Agenda));
            lines.Add("CATEGORIES:" + Escape(MeetingText.KindName(m.Kind)));
            lines.Add("ORGANIZER;CN=" + ParamValue(m.OrganizerName) + ":urn:district-sferum:user:" + m.OrganizerId);
            lines.Add("STATUS:" + (m.Status == MeetingStatus.Cancelled ? "CANCELLED" : "CONFIRMED"));
            lines.Add("END:VEVENT");
        }

        lines.Add("END:VCALENDAR");
        var text = new StringBuilder();
        foreach (var line in lines) Fold(text, line);
        return text.ToString();
    }

    public static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>TEXT escaping (RFC 5545 §3.3.11).</summary>
    public static string Escape(string text) =>
        text.Replace("\\", "\\\\").Replace(";", "\\;").Replace(",", "\\,").Replace("\r\n", "\\n").Replace("\n", "\\n").Replace("\r", "");

    private static string ParamValue(string text) => "\"" + text.Replace("\"", "'").Replace("\r", "").Replace("\n", " ") + "\"";

    /// <summary>Lines longer than 75 octets are folded (§3.1), never inside a UTF-8 sequence; every line ends in CRLF.</summary>
    private static void Fold(StringBuilder output, string line)
    {
        var octets = 0;
        var limit = 75;
        for (var i = 0; i < line.Length; i++)
        {
            var width = char.IsHighSurrogate(line[i]) ? 4 : Encoding.UTF8.GetByteCount(line[i].ToString());
            if (octets + width > limit)
            {
                output.Append("\r\n ");
                octets = 0;
                limit = 74;
            }

            output.Append(line[i]);
            if (char.IsHighSurrogate(line[i]) && i + 1 < line.Length) output.Append(line[++i]);
            octets += width;
        }

        output.Append("\r\n");
    }
}
