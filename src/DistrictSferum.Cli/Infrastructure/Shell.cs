namespace DistrictSferum.Cli.Infrastructure;

/// <summary>Command lines printed for people to paste into a POSIX shell (hints, completion).</summary>
internal static class Shell
{
    /// <summary>The words as one command line, each quoted when the shell would split or expand it.</summary>
    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    /// <summary><c>'Анна Иванова'</c>, <c>'it'\''s'</c>; plain words as they are.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsLetterOrDigit(c) || "@%+=:,./_-".Contains(c))
            ? word
            : $"'{word.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
