using DistrictSferum.Cli.Infrastructure;
using Spectre.Console;

namespace DistrictSferum.Cli.Commands;

/// <summary>Numbered rule clauses given as a repeated <c>--rule</c>.</summary>
internal static class RuleClauses
{
    public static ValidationResult Validate(string[]? rules) =>
        rules is not { Length: > 0 } ? ValidationResult.Error("give the chat's rules: at least one --rule \"clause\" (clause 1 first)")
        : rules.Any(string.IsNullOrWhiteSpace) ? ValidationResult.Error("a --rule clause must not be empty")
        : ValidationResult.Success();

    public static IEnumerable<string> Of(string[]? rules) => (rules ?? []).Select(CommandLine.Restore);
}
