using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>Writes a command's result: Spectre tables and lines for people, one JSON document for <c>--json</c>.</summary>
internal sealed class CliOutput(IAnsiConsole console, bool json)
{
    // Default values too (empty lists, false, 0, the zero enum value), so scripts see every field.
    private static readonly JsonFormatter ProtoFormatter = new(JsonFormatter.Settings.Default.WithIndentation().WithFormatDefaultValues(true));
    private static readonly JsonFormatter LineFormatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public bool Json { get; } = json;

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

    public void Write(IRenderable renderable) => console.Write(renderable);

    /// <summary>A line of plain text (never parsed as markup: server strings may contain brackets).</summary>
    public void Line(string text) => console.Write(new Text(text + Environment.NewLine));

    /// <summary>
    /// A line of plain text that stays one line whatever the terminal's width, flushed at once: one item of a stream
    /// (<c>audit watch</c>) that people read and scripts split by lines.
    /// </summary>
    public void UnwrappedLine(string text) => WriteRaw(text);

    /// <summary>A two-column table of names and values, skipping nothing so absent values show as blank.</summary>
    public static Table KeyValues(IEnumerable<(string Key, string Value)> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Field").AddColumn("Value");
        foreach (var (key, value) in rows) table.AddRow(new Text(key), new Text(value));
        return table;
    }

    /// <summary>A table with a rounded border and these columns, the first (an id) never wrapped.</summary>
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
