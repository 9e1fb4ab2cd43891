namespace DistrictSferum.Cli.Infrastructure;

/// <summary>
/// Reads a command line against <see cref="CommandTree"/> before Spectre.Console.Cli parses it: strict (an unknown command or
/// option is a usage error, exit 2, with a "did you mean"), forgiving where people are (global options before the command,
/// values that begin with '-'), and filling in the current school (<c>sferumctl use SCHOOL</c>) when <c>SCHOOL_ID</c> is left out.
/// </summary>
internal static class CommandLine
{
    /// <summary>
    /// The command line Spectre.Console.Cli is given. <paramref name="currentSchool"/> is asked only when a command whose
    /// first argument is <c>SCHOOL_ID</c> was given one argument too few.
    /// </summary>
    /// <remarks>
    /// Text values and arguments that begin with '-' (a message "-5", a link token "-abc", a clause "- be polite") are passed on
    /// with a leading space, which <see cref="SferumCommand{TSettings}"/> takes off again: Spectre.Console.Cli would read them as
    /// options, and <c>--</c> does not help it. After <c>--</c> every token is an argument.
    /// </remarks>
    public static string[] Prepare(string[] args, Func<string?>? currentSchool = null)
    {
        var leading = LeadingGlobalOptions(args);
        var rest = args[leading..];
        var (node, words) = CommandTree.Resolve(rest);
        if (!node.IsCommand)
        {
            if (words < rest.Length && !rest[words].StartsWith('-')) throw UnknownCommand(node, rest[words]);
            if (words < rest.Length && LooksLikeOption(rest[words]) && rest[words] is not ("-h" or "--help" or "-v" or "--version"))
                throw UnknownOption(node, rest[words].Split('=', 2)[0]);
            return args;
        }

        var tail = rest[words..];
        var result = new List<string>(rest[..words]);
        result.AddRange(args[..leading]);
        var required = node.Arguments.Count(a => a.Required);
        var filled = 0;
        if (node.Arguments is [{ Name: "SCHOOL_ID" }, ..] && CountPositionals(node, tail) < required && currentSchool?.Invoke() is { Length: > 0 } school)
        {
            result.Add(school);
            filled = 1;
        }

        for (var index = 0; index < tail.Length; index++)
        {
            var token = tail[index];
            if (token is "--")
            {
                result.AddRange(tail[(index + 1)..].Select(Protect));
                break;
            }

            if (token is "-h" or "--help" or "-?")
            {
                result.Add(token);
                continue;
            }

            var name = token.Split('=', 2)[0];
            if (LooksLikeOption(token) && (node.Option(name) ?? GlobalOption(name)) is { } option)
            {
                result.Add(token);
                if (option.TakesValue && name.Length == token.Length && index + 1 < tail.Length)
                {
                    var value = tail[++index];
                    result.Add(option.TakesText ? Protect(value) : value);
                }

                continue;
            }

            // A token that is no option of the command: an argument, unless it looks like a mistyped option. It may still be
            // the text or token a missing argument wants (a link token may begin with "-a"); ids never begin with '-', so a
            // mistyped option where an id is missing is an error, and so is one after the arguments (--max-use).
            var argument = node.Arguments.ElementAtOrDefault(filled) ?? node.Arguments.LastOrDefault(a => a.Many);
            if (LooksLikeOption(token) && (filled >= required || argument is null || !MayBeginWithDash(argument))) throw UnknownOption(node, name);
            result.Add(argument is { Type: var type } && (type == typeof(string) || type == typeof(string[])) ? Protect(token) : token);
            filled++;
        }

        return [.. result];
    }

    /// <summary>The value of a global option before the command or after it (<c>--server URL</c>, <c>--server=URL</c>); null when absent.</summary>
    public static string? GlobalValue(string[] args, string longName)
    {
        for (var index = 0; index < args.Length; index++)
        {
            if (args[index] is "--") break;
            if (args[index] == longName && index + 1 < args.Length) return args[index + 1];
            if (args[index].StartsWith(longName + "=", StringComparison.Ordinal)) return args[index][(longName.Length + 1)..];
        }

        return null;
    }

    /// <summary>Takes off the leading space <see cref="Prepare"/> put before a value that begins with '-'.</summary>
    public static string Restore(string value) => value.StartsWith(" -", StringComparison.Ordinal) ? value[1..] : value;

    /// <summary>The closest of <paramref name="candidates"/> to a mistyped word (at most three, best first).</summary>
    public static IReadOnlyList<string> Suggest(string typed, IEnumerable<string> candidates)
    {
        var scored = candidates.Distinct(StringComparer.Ordinal)
            .Select(c => (Candidate: c, Distance: Distance(typed.ToLowerInvariant(), c.ToLowerInvariant())))
            .ToList();
        var limit = Math.Max(2, typed.TrimStart('-').Length / 3);
        return [.. scored
            .Where(s => s.Distance <= limit || s.Candidate.StartsWith(typed, StringComparison.OrdinalIgnoreCase) || (typed.Length > 3 && s.Candidate.Contains(typed.TrimStart('-'), StringComparison.OrdinalIgnoreCase)))
            .OrderBy(s => s.Distance).ThenBy(s => s.Candidate, StringComparer.Ordinal)
            .Take(3)
            .Select(s => s.Candidate)];
    }

    private static int LeadingGlobalOptions(string[] args)
    {
        var index = 0;
        while (index < args.Length && LooksLikeOption(args[index]) && GlobalOption(args[index].Split('=', 2)[0]) is { } option)
            index += option.TakesValue && !args[index].Contains('=') && index + 1 < args.Length ? 2 : 1;
        return index;
    }

    private static CliOption? GlobalOption(string spelling) =>
        CommandTree.GlobalOptions.FirstOrDefault(o => o.Spellings.Contains(spelling, StringComparer.Ordinal));

    private static int CountPositionals(CliNode node, string[] tail)
    {
        var count = 0;
        for (var index = 0; index < tail.Length; index++)
        {
            var token = tail[index];
            if (token is "--") return count + tail.Length - index - 1;
            if (!LooksLikeOption(token)) count++;
            else if ((node.Option(token) ?? GlobalOption(token)) is { TakesValue: true }) index++;
        }

        return count;
    }

    private static bool MayBeginWithDash(CliArgument argument) =>
        (argument.Type == typeof(string) || argument.Type == typeof(string[])) && !argument.Name.EndsWith("_ID", StringComparison.Ordinal);

    /// <summary><c>--word</c>, <c>--word=value</c>, <c>-x</c>: not "-5", "- text" or "-".</summary>
    private static bool LooksLikeOption(string token) =>
        token.Length >= 2 && token[0] == '-' && (char.IsAsciiLetter(token[1]) || (token.Length > 2 && token[1] == '-' && char.IsAsciiLetter(token[2])));

    private static string Protect(string token) => token.StartsWith('-') ? " " + token : token;

    private static CliException UnknownOption(CliNode node, string name)
    {
        var suggestions = Suggest(name, node.Options.Concat(CommandTree.GlobalOptions).SelectMany(o => o.Spellings).Where(s => s.StartsWith("--", StringComparison.Ordinal)));
        var help = node.Parent is null ? "sferumctl --help" : $"sferumctl {node.Path} --help";
        var hint = suggestions.Count > 0 ? $"did you mean {string.Join(" or ", suggestions)}? (see `{help}`)" : $"see `{help}`";
        return new CliException(node.Parent is null ? $"unknown option '{name}'" : $"unknown option '{name}' for `sferumctl {node.Path}`", ExitCodes.Usage,
            hint + "; a value that begins with '-' goes after `--`");
    }

    private static CliException UnknownCommand(CliNode group, string word)
    {
        var where = group.Parent is null ? "" : $" in `sferumctl {group.Path}`";
        var suggestions = Suggest(word, group.Children.Where(c => !c.Hidden).Select(c => c.Name));
        var help = group.Parent is null ? "sferumctl --help" : $"sferumctl {group.Path} --help";
        var hint = suggestions.Count > 0 ? $"did you mean {string.Join(" or ", suggestions.Select(s => $"'{s}'"))}? (see `{help}`)" : $"see `{help}`";
        return new CliException($"unknown command '{word}'{where}", ExitCodes.Usage, hint);
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }

        return previous[b.Length];
    }
}
