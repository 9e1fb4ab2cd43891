using DistrictSferum.Cli.Infrastructure;
using Spectre.Console;

namespace DistrictSferum.Cli.Commands;

/// <summary>How sferumctl shows a poll: <c>poll create|show|vote|retract|close</c> (CHAT-8). Options are numbered from 1.</summary>
internal static class PollView
{
    internal static void Show(CliOutput output, Protos.V1.Poll p, string? verb)
    {
        if (output.Json)
        {
            output.WriteJson(p);
            return;
        }

        output.Write(CliOutput.KeyValues([
            ("poll", p.PollId), ("chat", p.ChatId), ("question", p.Question),
            ("choice", p.MultipleChoice ? "multiple" : "single"), ("voters shown", p.Anonymous ? "no (anonymous)" : "yes"),
            ("closes", p.ClosedAt is not null ? "closed " + CliOutput.Time(p.ClosedAt) : p.ClosesAt is null ? "when closed by hand" : CliOutput.Time(p.ClosesAt)),
            ("voters", p.Voters.ToString()),
            ("your choice", p.MyChoices.Count == 0 ? "—" : string.Join(", ", p.MyChoices.Select(i => i + 1))),
        ]));
        var table = CliOutput.NewTable("#", "option", "votes", "who");
        foreach (var o in p.Options) table.AddRow((o.Index + 1).ToString(), Spectre.Console.Markup.Escape(o.Text), o.Count.ToString(), string.Join(", ", o.VoterIds));
        output.Write(table);
        if (verb is not null) output.Line($"Poll {p.PollId} {verb}.");
    }
}
