using System.Reflection;
using System.Text.RegularExpressions;
using DistrictSferum.Contracts.Errors;

namespace DistrictSferum.Tests.Web;

/// <summary>
/// DIS-6: every refusal the server can give reads in Russian in the web app. The app's table
/// (src/DistrictSferum.Web/src/refusals.ts) lists exactly the reasons of the server's catalogues (the *Errors classes
/// of Contracts, from which protos/ERRORS.md is generated), so a new reason without a text fails here.
/// </summary>
public sealed partial class RefusalTextTests
{
    private static readonly string TablePath = Path.Combine(BrowserFixture.RepoRoot(), "src", "DistrictSferum.Web", "src", "refusals.ts");

    [Fact]
    public void DIS_6_every_reason_of_the_catalogue_has_a_Russian_text_and_the_table_lists_no_other()
    {
        var catalogue = typeof(CommonErrors).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: true, IsSealed: true } && t.Name.EndsWith("Errors", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);
        var table = Entry().Matches(File.ReadAllText(TablePath)).ToDictionary(m => m.Groups["reason"].Value, m => m.Groups["text"].Value);

        Assert.True(catalogue.Count > 200, $"the catalogue has only {catalogue.Count} reasons: the reflection went wrong");
        var missing = catalogue.Where(r => !table.ContainsKey(r)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "Reasons without a Russian text in refusals.ts:\n" + string.Join("\n", missing));
        var extra = table.Keys.Where(r => !catalogue.Contains(r)).Order(StringComparer.Ordinal).ToList();
        Assert.True(extra.Count == 0, "refusals.ts lists reasons the server does not have:\n" + string.Join("\n", extra));
        var notRussian = table.Where(e => !Cyrillic().IsMatch(e.Value) || e.Value.Trim().Length < 5).Select(e => e.Key).ToList();
        Assert.True(notRussian.Count == 0, "Texts that are not Russian sentences:\n" + string.Join("\n", notRussian));
    }

    /// <summary>Audit rows show action names, not codes: every action the grains write has a Russian name in auditActions.ts.</summary>
    [Fact]
    public void DIS_6_every_audit_action_the_server_writes_has_a_Russian_name()
    {
        var grains = Path.Combine(BrowserFixture.RepoRoot(), "src", "DistrictSferum.Grains");
        var moderation = Directory.EnumerateFiles(grains, "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => ModerationAction().Matches(File.ReadAllText(f)).Select(m => m.Groups["action"].Value));
        var admin = typeof(DistrictSferum.Contracts.Audit.AdminActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
        var written = moderation.Concat(admin).ToHashSet(StringComparer.Ordinal);
        var names = ActionEntry().Matches(File.ReadAllText(Path.Combine(Path.GetDirectoryName(TablePath)!, "auditActions.ts")))
            .Select(m => m.Groups["action"].Value).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("remind", written);
        Assert.Contains("student_moved", written);
        var missing = written.Where(a => !names.Contains(a)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "Audit actions without a Russian name in auditActions.ts:\n" + string.Join("\n", missing));
    }

    [GeneratedRegex("""(?:AuditedAsync\(|new AuditRecord\([^,()]+, )"(?<action>[a-z_]+)",""")]
    private static partial Regex ModerationAction();

    [GeneratedRegex("""^\s*(?<action>[a-z][a-z_]*): "[^"]+",""", RegexOptions.Multiline)]
    private static partial Regex ActionEntry();

    [GeneratedRegex("""^\s*(?<reason>[A-Z][A-Z0-9_]*): "(?<text>[^"]*)",""", RegexOptions.Multiline)]
    private static partial Regex Entry();

    [GeneratedRegex("[А-Яа-яЁё]")]
    private static partial Regex Cyrillic();
}
