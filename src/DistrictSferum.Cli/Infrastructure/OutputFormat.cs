namespace DistrictSferum.Cli.Infrastructure;

/// <summary>How a command prints its result (<c>-o</c>).</summary>
internal enum OutputFormat
{
    /// <summary>Aligned columns fitted to the terminal's width, for people.</summary>
    Table,
    /// <summary>The server's answer as proto3 JSON, every field and id.</summary>
    Json,
    /// <summary>Tab-separated rows with a header row, for <c>cut</c>, <c>awk</c> and spreadsheets.</summary>
    Tsv,
    /// <summary>RFC 4180 comma-separated rows with a header row.</summary>
    Csv,
}

internal static class OutputFormats
{
    public static readonly IReadOnlyList<string> Names = ["table", "json", "tsv", "csv"];

    public static bool TryParse(string? name, out OutputFormat format)
    {
        var index = Names.ToList().IndexOf(name?.Trim().ToLowerInvariant() ?? "");
        format = (OutputFormat)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary><c>-o</c> if given, else <c>--json</c>, else a table on a terminal and TSV for a pipe or a file.</summary>
    public static OutputFormat Choose(GlobalSettings settings, bool outputIsTerminal)
    {
        if (settings.Output is not null)
        {
            if (!TryParse(settings.Output, out var chosen))
                throw CliException.Usage($"-o/--output must be {string.Join(", ", Names)}, not '{settings.Output}'");
            if (settings.Json && chosen != OutputFormat.Json) throw CliException.Usage($"--json and -o {settings.Output} contradict each other");
            return chosen;
        }

        return settings.Json ? OutputFormat.Json : outputIsTerminal ? OutputFormat.Table : OutputFormat.Tsv;
    }
}
