using System.Text;
using System.Text.RegularExpressions;
using DistrictSferum.Cli;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Testing;

namespace DistrictSferum.Tests.Cli;

/// <summary>
/// Issue 10 item 7: sferumctl's documentation is derived from its command tree. docs/sferumctl.md (every command's
/// arguments, options and examples) is rendered from the attributes, and every sferumctl command line in the README's
/// code blocks parses against the real command tree, so neither can drift from the code.
/// </summary>
public sealed partial class CliReferenceTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void The_command_reference_matches_the_commands_attributes()
    {
        var expected = CommandReference.Markdown();
        var path = Path.Combine(Root, "docs", "sferumctl.md");
        if (Environment.GetEnvironmentVariable("SFERUM_WRITE_SFERUMCTL_MD") == "1") File.WriteAllText(path, expected);
        var actual = File.Exists(path) ? File.ReadAllText(path) : "";

        Assert.True(expected == actual, "docs/sferumctl.md is out of date: run SFERUM_WRITE_SFERUMCTL_MD=1 dotnet test tests/DistrictSferum.Tests --filter CliReference");
        foreach (var command in CommandTree.Root.Descendants().Where(c => c.IsCommand && !c.Hidden))
            Assert.Contains($"### sferumctl {command.Path}\n", actual, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_sferumctl_command_line_in_the_README_parses_against_the_command_tree()
    {
        var lines = ReadmeCommandLines().ToList();
        Assert.True(lines.Count > 50, $"only {lines.Count} sferumctl lines found in the README's code blocks");

        using var console = new TestConsole();
        var app = SferumCtl.NewApp(new CliEnvironment { Console = console, Error = TextWriter.Null }, validateExamples: true);
        var unknown = new List<string>();
        foreach (var args in lines)
        {
            try
            {
                // Strict: an unknown command or option throws here; a line that leaves SCHOOL_ID out uses the current school.
                var prepared = CommandLine.Prepare([.. args], () => "SCHOOL_ID");
                Assert.True(CommandTree.Resolve(prepared).Node.IsCommand, $"`sferumctl {string.Join(" ", args)}` names a group, not a command");
                app.Configure(config => config.AddExample(prepared));
            }
            catch (CliException e)
            {
                unknown.Add($"sferumctl {string.Join(" ", args)}: {e.Message}");
            }
        }

        Assert.True(unknown.Count == 0, string.Join("\n", unknown));
        // Spectre.Console.Cli parses every example (arguments, option values) against the settings when it starts.
        Assert.Equal(ExitCodes.Ok, await app.RunAsync(["--help"]));
    }

    [Fact]
    public void A_misspelt_option_in_a_command_line_is_found()
    {
        Assert.ThrowsAny<CliException>(() => CommandLine.Prepare(["invite", "create", "SCHOOL_ID", "CLASS_ID", "--max-use", "3"]));
        Assert.Equal(["chat", "send", "CHAT", "text"], ShellWords("deploy/local/sferumctl chat send CHAT \"text\"   # a comment").Single().Skip(1));
    }

    /// <summary>The arguments of each sferumctl command in the README's fenced code blocks.</summary>
    private static IEnumerable<IReadOnlyList<string>> ReadmeCommandLines()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        foreach (Match block in CodeBlock().Matches(readme))
        {
            foreach (var line in block.Groups[1].Value.Replace("\\\n", " ").Split('\n'))
            {
                foreach (var words in ShellWords(line))
                {
                    if (words.Count > 0 && words[0] is "sferumctl" or "deploy/local/sferumctl") yield return [.. words.Skip(1)];
                }
            }
        }
    }

    /// <summary>Splits a shell line into its commands' words: quotes, '#' comments, and ';', '|', '&amp;&amp;', '&gt;' between commands.</summary>
    private static IEnumerable<IReadOnlyList<string>> ShellWords(string line)
    {
        var commands = new List<IReadOnlyList<string>>();
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var skipNext = false;
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is not null)
            {
                if (c == quote) quote = null;
                else word.Append(c);
                continue;
            }

            if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                End();
            }
            else if (c == '#' && !inWord)
            {
                break;
            }
            else if (c is ';' or '|' or '&')
            {
                End();
                Next();
            }
            else if (c == '>')
            {
                // A redirection: its target is no argument of the command.
                End();
                skipNext = true;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        End();
        Next();
        return commands;

        void End()
        {
            if (!inWord) return;
            if (skipNext) skipNext = false;
            else words.Add(word.ToString());
            word.Clear();
            inWord = false;
        }

        void Next()
        {
            if (words.Count > 0) commands.Add([.. words]);
            words = [];
        }
    }

    [GeneratedRegex(@"```[a-z]*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DistrictSferum.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("DistrictSferum.sln not found above the test binaries.");
    }
}
