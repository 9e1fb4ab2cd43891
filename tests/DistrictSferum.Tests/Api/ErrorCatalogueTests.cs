using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using RuleIds = DistrictSferum.Contracts.Rules;
using DistrictSferum.Contracts.Errors;

namespace DistrictSferum.Tests.Api;

/// <summary>
/// The error codes are a public contract: one catalogue per aggregate (Contracts/*Errors.cs), every throw site names a
/// catalogue constant, and protos/ERRORS.md lists each code with its status and rules, generated from the sources so
/// it cannot drift. Regenerate with <c>SFERUM_WRITE_ERRORS_MD=1 dotnet test --filter ErrorCatalogue</c>.
/// </summary>
public sealed partial class ErrorCatalogueTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void Every_refusal_names_a_catalogue_code_never_a_literal()
    {
        var literals = SourceFiles()
            .SelectMany(f => LiteralSite().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetRelativePath(Root, f)}: {m.Value}"))
            .ToList();
        Assert.True(literals.Count == 0, "Use a constant of the aggregate's catalogue:\n" + string.Join("\n", literals));
    }

    [Fact]
    public void Each_code_is_declared_once_across_the_catalogues()
    {
        var duplicates = Catalogue().GroupBy(c => c.Code).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.Constant))}").ToList();
        Assert.True(duplicates.Count == 0, "Codes declared twice:\n" + string.Join("\n", duplicates));
    }

    [Fact]
    public void Every_catalogue_code_is_thrown_somewhere()
    {
        var thrown = Sites().Select(s => s.Constant).ToHashSet();
        var unused = Catalogue().Where(c => !thrown.Contains(c.Constant)).Select(c => c.Constant).ToList();
        Assert.True(unused.Count == 0, "Catalogue codes no code throws (remove them):\n" + string.Join("\n", unused));
    }

    [Fact]
    public void The_documented_catalogue_matches_the_code()
    {
        var expected = Render();
        var path = Path.Combine(Root, "protos", "ERRORS.md");
        if (Environment.GetEnvironmentVariable("SFERUM_WRITE_ERRORS_MD") == "1") File.WriteAllText(path, expected);
        var actual = File.Exists(path) ? File.ReadAllText(path) : "";
        Assert.True(expected == actual, "protos/ERRORS.md is out of date: run SFERUM_WRITE_ERRORS_MD=1 dotnet test --filter ErrorCatalogue");
    }

    private sealed record CatalogueCode(string Aggregate, string Constant, string Code);

    private sealed record Site(string Constant, string Status, IReadOnlyList<string> Rules);

    private static IEnumerable<CatalogueCode> Catalogue() =>
        typeof(CommonErrors).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: true, IsSealed: true } && t.Name.EndsWith("Errors", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
                .Select(f => new CatalogueCode(t.Name[..^"Errors".Length], $"{t.Name}.{f.Name}", (string)f.GetRawConstantValue()!)));

    private static IEnumerable<Site> Sites()
    {
        var rules = typeof(RuleIds).GetFields(BindingFlags.Public | BindingFlags.Static).ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
        foreach (var file in SourceFiles())
        {
            var text = File.ReadAllText(file);
            foreach (Match m in ThrowSite().Matches(text))
            {
                var call = Call(text, m.Groups["factory"].Index + m.Groups["factory"].Length);
                var cited = RuleArgument().Matches(call).Select(r => rules.GetValueOrDefault(r.Groups[1].Value) ?? r.Groups[1].Value).ToList();
                yield return new Site(m.Groups["constant"].Value, StatusOf(m.Groups["factory"].Value), cited);
            }

            // An enum table's code for a number it does not know (Gateway/Services/WireEnums.cs).
            foreach (Match m in EnumTableCode().Matches(text)) yield return new Site(m.Groups["constant"].Value, "INVALID_ARGUMENT", []);
        }
    }

    private static string Render()
    {
        var sites = Sites().GroupBy(s => s.Constant).ToDictionary(g => g.Key, g => g.ToList());
        var md = new StringBuilder();
        md.AppendLine("# Error codes");
        md.AppendLine();
        md.AppendLine("Every refusal carries a `google.rpc.ErrorInfo` (domain `districtsferum`) whose `reason` is one of these codes and");
        md.AppendLine("whose `metadata[\"rule\"]` names the rule of RULES.md, where one forbids the call. Codes are stable: switch on them,");
        md.AppendLine("not on the message. INVALID_ARGUMENT also carries a `google.rpc.BadRequest` (field path + reason per wrong field),");
        md.AppendLine("RESOURCE_EXHAUSTED a `google.rpc.RetryInfo` (when to try again).");
        md.AppendLine();
        md.AppendLine("Generated from the catalogues in `src/DistrictSferum.Contracts` by `ErrorCatalogueTests` (do not edit by hand).");
        foreach (var aggregate in Catalogue().GroupBy(c => c.Aggregate).OrderBy(g => g.Key == "Common" ? "" : g.Key, StringComparer.Ordinal))
        {
            md.AppendLine();
            md.AppendLine($"## {aggregate.Key} (`{aggregate.Key}Errors`)");
            md.AppendLine();
            md.AppendLine("| reason | status | rules |");
            md.AppendLine("|---|---|---|");
            foreach (var code in aggregate.OrderBy(c => c.Code, StringComparer.Ordinal))
            {
                var at = sites.GetValueOrDefault(code.Constant) ?? [];
                var statuses = string.Join(", ", at.Select(s => s.Status).Distinct().Order(StringComparer.Ordinal));
                var cited = string.Join(", ", at.SelectMany(s => s.Rules).Distinct().Order(StringComparer.Ordinal));
                md.AppendLine($"| `{code.Code}` | {statuses} | {cited} |");
            }
        }

        return md.ToString();
    }

    private static string StatusOf(string factory) => factory switch
    {
        "Invalid" or "InvalidField" => "INVALID_ARGUMENT",
        "NotFound" => "NOT_FOUND",
        "Denied" => "PERMISSION_DENIED",
        "Precondition" => "FAILED_PRECONDITION",
        "Exists" => "ALREADY_EXISTS",
        "Exhausted" => "RESOURCE_EXHAUSTED",
        "Unauthenticated" => "UNAUTHENTICATED",
        "Unavailable" => "UNAVAILABLE",
        _ => throw new InvalidOperationException($"Unknown DomainException factory {factory}: teach ErrorCatalogueTests its status."),
    };

    /// <summary>The text of a call from its opening parenthesis to the matching one (strings skipped).</summary>
    private static string Call(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    while (++i < text.Length && text[i] != '"') if (text[i] == '\\') i++;
                    break;
                case '(':
                    depth++;
                    break;
                case ')' when --depth == 0:
                    return text[open..(i + 1)];
            }
        }

        return text[open..];
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DistrictSferum.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("DistrictSferum.sln not found above the test binaries.");
    }

    [GeneratedRegex(@"DomainException\.\w+\(\s*(?:""[^""]*""\s*,\s*)?""[A-Z][A-Z0-9_]+""")]
    private static partial Regex LiteralSite();

    [GeneratedRegex(@"DomainException\.(?<factory>\w+)\((?:[^,()]+,\s*)?(?<constant>\w+Errors\.\w+)")]
    private static partial Regex ThrowSite();

    [GeneratedRegex(@"EnumMap<[^>]+>\s+\w+\s*=\s*new\((?<constant>\w+Errors\.\w+)")]
    private static partial Regex EnumTableCode();

    [GeneratedRegex(@"\bRules\.(\w+)")]
    private static partial Regex RuleArgument();
}
