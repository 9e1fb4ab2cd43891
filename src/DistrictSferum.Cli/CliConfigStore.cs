using System.Text.Json;
using System.Text.Json.Nodes;
using DistrictSferum.Cli.Infrastructure;

namespace DistrictSferum.Cli;

/// <summary>
/// Reads and writes the config file (<see cref="CliConfigFile"/>) as JSON, one context at a time: <see cref="Load"/> and
/// <see cref="Save"/> act on <see cref="Context"/> (given, else the current one, else "default"). The file holds bearer
/// tokens, so it is created readable by its owner only (mode 0600, directory 0700) and replaced atomically. A file of an
/// older sferumctl (one login, no contexts) reads as the context "default".
/// </summary>
public sealed class CliConfigStore(string path, string? context = null)
{
    /// <summary>The context a config file without any gets.</summary>
    public const string DefaultContext = "default";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The config file's path.</summary>
    public string Path { get; } = path;

    /// <summary>The context <see cref="Load"/> and <see cref="Save"/> act on.</summary>
    public string Context => context ?? LoadFile().CurrentContext ?? DefaultContext;

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

    /// <summary>The context's config, or an empty one when there is none yet.</summary>
    public CliConfig Load() => LoadFile().Contexts.GetValueOrDefault(Context) ?? new CliConfig();

    /// <summary>Writes the context's config (the current context stays as it was, unless there was none).</summary>
    public void Save(CliConfig config)
    {
        var file = LoadFile();
        var name = Context;
        var contexts = new Dictionary<string, CliConfig>(file.Contexts, StringComparer.Ordinal) { [name] = config };
        SaveFile(file with { Contexts = contexts, CurrentContext = file.CurrentContext ?? name });
    }

    /// <summary>Makes <paramref name="name"/> the current context.</summary>
    public void Use(string name) => SaveFile(LoadFile() with { CurrentContext = name });

    /// <summary>The whole file: every context, and the current one's name.</summary>
    public CliConfigFile LoadFile()
    {
        if (!File.Exists(Path)) return new CliConfigFile();
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(Path));
            if (node is JsonObject json && !json.ContainsKey("contexts"))
            {
                // One login, as sferumctl wrote it before contexts.
                var old = node.Deserialize<CliConfig>(JsonOptions) ?? new CliConfig();
                return old.Server is null && !old.IsSignedIn ? new CliConfigFile()
                    : new CliConfigFile { CurrentContext = DefaultContext, Contexts = new(StringComparer.Ordinal) { [DefaultContext] = old } };
            }

            var file = node.Deserialize<CliConfigFile>(JsonOptions) ?? new CliConfigFile();
            return file with { Contexts = new Dictionary<string, CliConfig>(file.Contexts, StringComparer.Ordinal) };
        }
        catch (JsonException e)
        {
            throw new CliException($"the config file {Path} is not valid JSON ({e.Message}); fix or delete it", ExitCodes.Failure);
        }
    }

    /// <summary>Writes the whole file: a new owner-only file moved over the old one, so a crash never leaves half a file.</summary>
    public void SaveFile(CliConfigFile file)
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
                JsonSerializer.Serialize(stream, file, JsonOptions);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
