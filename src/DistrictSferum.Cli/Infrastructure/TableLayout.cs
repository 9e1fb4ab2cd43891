using System.Globalization;
using System.Text;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>
/// Lays rows of text out for a terminal or a script. For people: aligned columns two spaces apart that fit the width, the
/// widest columns narrowed first and never below <see cref="MinimumWidth"/> characters (or their content's width), cells wrapped
/// at spaces. For scripts: TSV (tabs, newlines and backslashes escaped as <c>\t \n \\</c>) or RFC 4180 CSV, each with a header row.
/// </summary>
internal static class TableLayout
{
    /// <summary>
    /// No column is narrowed below this (unless its content is narrower, or the terminal is too narrow for that many columns at
    /// this width: then they share it evenly, at least 4 each): at 80 columns every column stays readable.
    /// </summary>
    public const int MinimumWidth = 10;

    private const string Gap = "  ";

    public static string Fit(IReadOnlyList<string>? headers, IReadOnlyList<IReadOnlyList<string>> rows, int width)
    {
        var columns = headers?.Count ?? rows.FirstOrDefault()?.Count ?? 0;
        if (columns == 0) return "";
        var all = (headers is null ? rows : rows.Prepend(headers)).ToList();
        var widths = new int[columns];
        for (var c = 0; c < columns; c++)
            widths[c] = Math.Max(1, all.Max(r => Lines(Cell(r, c)).Max(Length)));
        // Each column's share of a narrow terminal, between 4 and MinimumWidth characters.
        var share = Math.Clamp((width - (Gap.Length * (columns - 1))) / columns, 4, MinimumWidth);
        var minimum = widths.Select(w => Math.Min(w, share)).ToArray();
        var total = widths.Sum() + (Gap.Length * (columns - 1));
        while (total > width)
        {
            var widest = -1;
            for (var c = 0; c < columns; c++)
                if (widths[c] > minimum[c] && (widest < 0 || widths[c] > widths[widest])) widest = c;
            if (widest < 0) break; // every column at its minimum: lines get longer than the terminal rather than columns empty
            widths[widest]--;
            total--;
        }

        var text = new StringBuilder();
        foreach (var row in all)
        {
            var cells = Enumerable.Range(0, columns).Select(c => Wrap(Cell(row, c), widths[c])).ToList();
            var height = cells.Max(l => l.Count);
            for (var line = 0; line < height; line++)
            {
                var parts = cells.Select((lines, c) => Pad(line < lines.Count ? lines[line] : "", widths[c]));
                text.Append(string.Join(Gap, parts).TrimEnd()).Append('\n');
            }
        }

        return text.ToString();
    }

    public static string Tsv(IReadOnlyList<string>? headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        foreach (var row in headers is null ? rows : rows.Prepend(headers))
            text.AppendJoin('\t', row.Select(EscapeTsv)).Append('\n');
        return text.ToString();
    }

    public static string Csv(IReadOnlyList<string>? headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        foreach (var row in headers is null ? rows : rows.Prepend(headers))
            text.AppendJoin(',', row.Select(QuoteCsv)).Append("\r\n");
        return text.ToString();
    }

    /// <summary>Width on a terminal: one per text element (Cyrillic letters and accents count once).</summary>
    public static int Length(string text) => new StringInfo(text).LengthInTextElements;

    private static string Cell(IReadOnlyList<string> row, int column) => column < row.Count ? row[column] : "";

    private static string[] Lines(string cell) => cell.Split('\n');

    private static string Pad(string text, int width) => text + new string(' ', Math.Max(0, width - Length(text)));

    /// <summary>The cell's lines no wider than <paramref name="width"/>: broken at spaces, a longer word (an id) broken where it must.</summary>
    private static List<string> Wrap(string cell, int width)
    {
        var result = new List<string>();
        foreach (var paragraph in Lines(cell))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' '))
            {
                var rest = word;
                if (line.Length > 0 && Length(line.ToString()) + 1 + Length(rest) <= width)
                {
                    line.Append(' ').Append(rest);
                    continue;
                }

                if (line.Length > 0)
                {
                    result.Add(line.ToString());
                    line.Clear();
                }

                while (Length(rest) > width)
                {
                    var cut = new StringInfo(rest).SubstringByTextElements(0, width);
                    result.Add(cut);
                    rest = rest[cut.Length..];
                }

                line.Append(rest);
            }

            result.Add(line.ToString());
        }

        return result;
    }

    private static string EscapeTsv(string cell) =>
        cell.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string QuoteCsv(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) < 0 ? cell : $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
