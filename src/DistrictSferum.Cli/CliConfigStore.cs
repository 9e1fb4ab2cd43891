using System.Text.Json;
using DistrictSferum.Cli.Infrastructure;

namespace DistrictSferum.Cli;

/// <summary>
/// Reads and writes <see cref="CliConfig"/> as JSON. The file holds bearer tokens, so it is created readable by
/// its owner only (mode 0600, directory 0700) and replaced atomically.
/// </summary>
public sealed class CliConfigStore(string path)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The config file's path.</summary>
    public string Path { get; } = path;

    /// <summary>
    /// <c>$SFERUMCTL_CONFIG</c>, else <c>$XDG_CONFIG_HOME/sferumctl/config.json</c>, else
    /// <c>~/.config/sferumctl/config.json</c>.
    /// </summary>
    public static string DefaultPath(Func<string, string?> environment)
    {
        if (environment("SFERUMCTL_CONFIG") is { Length: > 0 } explicitPath) return explicitPath;
        var configHome = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : System.IO.Path.Combine(environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return System.IO.Path.Combine(configHome, "sferumctl", "config.json");
    }

    /// <summary>The saved config, or an empty one when there is no file yet.</summary>
    public CliConfig Load()
    {
        if (!File.Exists(Path)) return new CliConfig();
        try
        {
            return JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(Path), JsonOptions) ?? new CliConfig();
        }
        catch (JsonException e)
        {
            throw new CliException($"the config file {Path} is not valid JSON ({e.Message}); fix or delete it", ExitCodes.Failure);
        }
    }

    /// <summary>Writes the config: a new owner-only file moved over the old one, so a crash never leaves half a file.</summary>
    public void Save(CliConfig config)
    {
        var full = System.IO.Path.GetFullPath(Path);
        var directory = System.IO.Path.GetDirectoryName(full)!;
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var temporary = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, options))
                JsonSerializer.Serialize(stream, config, JsonOptions);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
