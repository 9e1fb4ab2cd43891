using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>
/// Writes a command's result in the chosen <see cref="OutputFormat"/>: the one output helper every command uses. Commands
/// build a <see cref="Table"/> (<see cref="NewTable"/>, <see cref="KeyValues"/>) and <see cref="Write"/> it: on a terminal
/// it is laid out to fit the width (<see cref="TableLayout"/>), piped it becomes TSV, with <c>-o csv</c> CSV; with
/// <c>-o json</c> commands write the server's answer with <see cref="WriteJson"/> instead.
/// </summary>
internal sealed class CliOutput(IAnsiConsole console, OutputFormat format, bool ids = false, TextWriter? error = null)
{
    // Default values too (empty lists, false, 0, the zero enum value), so scripts see every field.
    private static readonly JsonFormatter ProtoFormatter = new(JsonFormatter.Settings.Default.WithIndentation().WithFormatDefaultValues(true));
    private static readonly JsonFormatter LineFormatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public CliOutput(IAnsiConsole console, bool json) : this(console, json ? OutputFormat.Json : OutputFormat.Table)
    {
    }

    public OutputFormat Format { get; } = format;

    /// <summary><c>-o json</c> (or <c>--json</c>): commands write the server's answer with <see cref="WriteJson"/>.</summary>
    public bool Json => Format == OutputFormat.Json;

    /// <summary>TSV or CSV: rows for scripts, so notes for people go to stderr (<see cref="Note"/>).</summary>
    public bool ForScripts => Format is OutputFormat.Tsv or OutputFormat.Csv;

    /// <summary><c>--ids</c>: tables show ids where they would show names.</summary>
    public bool Ids { get; } = ids;

    /// <summary>The terminal's width (<c>COLUMNS</c> when stdout is not a terminal; 80 if unknown).</summary>
    public int Width => console.Profile.Width;

    /// <summary>
    /// The one JSON document of <c>--json</c>: a proto message as proto3 JSON (lowerCamelCase names, RFC 3339
    /// timestamps, enum names, default values included), anything else by System.Text.Json.
    /// </summary>
    public void WriteJson(object value) =>
        WriteRaw(value is IMessage message ? ProtoFormatter.Format(message) : JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>
    /// One line of a JSON Lines stream (<c>chat tail --json</c>): a proto message as proto3 JSON on a single line, flushed
    /// at once so a reader sees each as it arrives.
    /// </summary>
    public void WriteJsonLine(IMessage message) => WriteRaw(LineFormatter.Format(message));

    /// <summary>A table in the chosen format; any other renderable as it is.</summary>
    public void Write(IRenderable renderable)
    {
        if (renderable is not Table table)
        {
            console.Write(renderable);
            return;
        }

        var headers = table.Columns.Select(c => PlainText(c.Header)).ToList();
        var rows = table.Rows.Select(r => (IReadOnlyList<string>)r.Select(PlainText).ToList()).ToList();
        var text = Format switch
        {
            OutputFormat.Tsv => TableLayout.Tsv(table.ShowHeaders ? headers : null, rows),
            OutputFormat.Csv => TableLayout.Csv(table.ShowHeaders ? headers : null, rows),
            _ => TableLayout.Fit(table.ShowHeaders ? headers : null, rows, Width),
        };
        console.Profile.Out.Writer.Write(text);
        console.Profile.Out.Writer.Flush();
    }

    /// <summary>A line of plain text, never parsed as markup (server strings may contain brackets) nor wrapped (the terminal wraps it).</summary>
    public void Line(string text) => WriteRaw(text);

    /// <summary>
    /// A line for people beside the result ("3 shown; more with --page-token ..."): on stdout under a table, on stderr when
    /// stdout carries rows for a script.
    /// </summary>
    public void Note(string text)
    {
        if (ForScripts)
        {
            (error ?? Console.Error).WriteLine(text);
            return;
        }

        Line(text);
    }

    /// <summary>
    /// A line of plain text that stays one line whatever the terminal's width, flushed at once: one item of a stream
    /// (<c>audit watch</c>) that people read and scripts split by lines.
    /// </summary>
    public void UnwrappedLine(string text) => WriteRaw(text);

    /// <summary>A two-column table of names and values (no header row), skipping nothing so absent values show as blank.</summary>
    public static Table KeyValues(IEnumerable<(string Key, string Value)> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Field").AddColumn("Value").HideHeaders();
        foreach (var (key, value) in rows) table.AddRow(new Text(key), new Text(value));
        return table;
    }

    /// <summary>A table with these columns; fill it with <see cref="TextTableExtensions.AddTextRow"/> and <see cref="Write"/> it.</summary>
    public static Table NewTable(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn(columns[0]).NoWrap());
        foreach (var column in columns[1..]) table.AddColumn(column);
        return table;
    }

    public static string Time(Timestamp? timestamp) =>
        timestamp is null ? "" : timestamp.ToDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    public static string Date(Timestamp? timestamp) =>
        timestamp is null ? "" : timestamp.ToDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? time) =>
        time is null ? "" : time.Value.ToLocalTime().ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    private string PlainText(IRenderable renderable)
    {
        var segments = renderable.Render(new RenderOptions(console.Profile.Capabilities, new Size(100_000, 25)), 100_000);
        return string.Concat(segments.Select(s => s.IsLineBreak ? "\n" : s.Text)).TrimEnd('\n');
    }

    // Straight to the output writer: console.WriteLine would wrap long lines at the terminal's width.
    private void WriteRaw(string text)
    {
        console.Profile.Out.Writer.WriteLine(text);
        console.Profile.Out.Writer.Flush();
    }
}

/// <summary>Table rows of plain text.</summary>
internal static class TextTableExtensions
{
    /// <summary>Adds a row of plain-text cells (never parsed as markup: server strings may contain brackets).</summary>
    public static Table AddTextRow(this Table table, params string[] cells) => table.AddRow(cells.Select(c => new Text(c)));
}
