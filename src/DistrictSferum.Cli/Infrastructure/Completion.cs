namespace DistrictSferum.Cli.Infrastructure;

/// <summary>
/// Shell completion from <see cref="CommandTree"/>: the scripts for bash, zsh and fish are thin and ask
/// <c>sferumctl __complete -- WORDS...</c> for the candidates, so they never go stale when commands change.
/// </summary>
internal static class Completion
{
    /// <summary>The candidates for the last of <paramref name="words"/> (the words after <c>sferumctl</c>; the last may be empty).</summary>
    public static IEnumerable<string> Candidates(IReadOnlyList<string> words, IEnumerable<string> contexts)
    {
        var typed = words.Count > 0 ? CommandLine.Restore(words[^1]) : "";
        var before = words.Take(Math.Max(0, words.Count - 1)).Select(CommandLine.Restore).ToList();
        var commandWords = before.Where(w => !w.StartsWith('-')).ToList();
        var (node, _) = CommandTree.Resolve(commandWords);
        var options = node.IsCommand ? node.Options.Concat(CommandTree.GlobalOptions) : CommandTree.GlobalOptions;

        var previous = before.LastOrDefault();
        if (previous is not null && options.FirstOrDefault(o => o.Spellings.Contains(previous)) is { TakesValue: true } option)
            return Filter(ValuesOf(option, contexts), typed);

        if (typed.StartsWith('-'))
            return Filter(options.SelectMany(o => o.LongNames.Select(n => "--" + n)).Append("--help"), typed);
        return node.IsCommand ? [] : Filter(node.Children.Where(c => !c.Hidden).Select(c => c.Name), typed);
    }

    /// <summary>The script for <paramref name="shell"/>, or null for a shell sferumctl does not complete in.</summary>
    public static string? Script(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "fish" => Fish,
        _ => null,
    };

    private static IEnumerable<string> ValuesOf(CliOption option, IEnumerable<string> contexts) => option.LongNames[0] switch
    {
        "output" => OutputFormats.Names,
        "server" => contexts,
        _ => [],
    };

    private static IEnumerable<string> Filter(IEnumerable<string> candidates, string typed) =>
        candidates.Where(c => c.StartsWith(typed, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal);

    private const string Bash = """
        # sferumctl completion for bash: add to ~/.bashrc
        #   source <(sferumctl completion bash)
        _sferumctl() {
            local IFS=$'\n'
            COMPREPLY=($(sferumctl __complete -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
        }
        complete -o default -F _sferumctl sferumctl

        """;

    private const string Zsh = """
        #compdef sferumctl
        # sferumctl completion for zsh: add to ~/.zshrc (after compinit)
        #   source <(sferumctl completion zsh)
        _sferumctl() {
            local -a candidates
            candidates=("${(@f)$(sferumctl __complete -- "${(@)words[2,CURRENT]}" 2>/dev/null)}")
            compadd -- ${candidates:#}
        }
        if [[ "${funcstack[1]}" == "_sferumctl" ]]; then _sferumctl "$@"; else compdef _sferumctl sferumctl; fi

        """;

    private const string Fish = """
        # sferumctl completion for fish: save as ~/.config/fish/completions/sferumctl.fish
        #   sferumctl completion fish > ~/.config/fish/completions/sferumctl.fish
        function __sferumctl_complete
            set -l words (commandline -opc) (commandline -ct)
            sferumctl __complete -- $words[2..-1] 2>/dev/null
        end
        complete -c sferumctl -f -a '(__sferumctl_complete)'

        """;
}
