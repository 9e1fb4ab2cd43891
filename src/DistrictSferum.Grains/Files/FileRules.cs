using System.Globalization;
using System.Text;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Files;
using DistrictSferum.Grains.Common;

namespace DistrictSferum.Grains.Files;

/// <summary>Pure rules of files (CHAT-8): names, limits, quota, what the scan verdict means.</summary>
public static class FileRules
{
    public const int MaxName = 200;

    /// <summary>The distinct file ids a message or a ticket line attaches: at most <paramref name="max"/>, each a file id's shape.</summary>
    public static IReadOnlyList<string> AttachmentIds(IReadOnlyList<string>? ids, int max, string rule)
    {
        var distinct = (ids ?? []).Distinct().ToList();
        if (distinct.Count > max || distinct.Any(id => id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            throw DomainException.InvalidField("attachment_ids", FileErrors.AttachmentInvalid, $"At most {max} files, by their ids.", rule);
        return distinct;
    }

    /// <summary>
    /// CHAT-8, DIS-1: files may be attached only by their uploader, in the school they were uploaded to, once: not
    /// deleted and not attached to a chat message or a ticket line already.
    /// </summary>
    public static void EnsureAttachable(IReadOnlyList<string> ids, IReadOnlyDictionary<string, FileView> found, string schoolId, string uploaderId)
    {
        foreach (var id in ids)
        {
            if (!found.TryGetValue(id, out var f) || f.SchoolId != schoolId || f.UploaderId != uploaderId || f.DeletedAt is not null)
                throw DomainException.NotFound(FileErrors.FileNotFound, "No such file of yours in this school.", Rules.Dis1);
            if (f.ChatId is not null || f.TicketId is not null)
                throw DomainException.Precondition(FileErrors.AttachmentInvalid, "That file is attached elsewhere already.", Rules.Chat8);
        }
    }

    /// <summary>Extensions refused whatever the bytes say: programs and scripts a click would run.</summary>
    private static readonly HashSet<string> RefusedExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "exe", "com", "scr", "msi", "msp", "dll", "bat", "cmd", "ps1", "psm1", "vbs", "vbe", "js", "jse", "wsf", "wsh", "hta",
        "sh", "bash", "zsh", "py", "pl", "rb", "php", "jar", "apk", "app", "elf", "bin", "run", "lnk", "reg", "cpl", "scf", "msc", "gadget",
    };

    /// <summary>
    /// A file name as text rules want it (NFC, no control, bidi or invisible characters) and without path separators or
    /// dot-only names, so nothing can disguise its type or climb out of a folder.
    /// </summary>
    public static string NormalizeName(string? name)
    {
        var text = (name ?? "").Trim().Normalize(NormalizationForm.FormC);
        if (text.Length == 0) throw DomainException.InvalidField("header.name", FileErrors.FileNameInvalid, "A file needs a name.", Rules.Chat8);
        if (text.Length > MaxName) throw DomainException.InvalidField("header.name", FileErrors.FileNameInvalid, $"A file name is at most {MaxName} characters.", Rules.Chat8);
        foreach (var c in text)
        {
            if (TextRules.IsForbidden(c, multiline: false) || c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|'
                || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
                throw DomainException.InvalidField("header.name", FileErrors.FileNameInvalid,
                    "A file name has no path separators and no control, bidi or invisible characters.", Rules.Chat8);
        }

        if (text.Trim('.').Length == 0) throw DomainException.InvalidField("header.name", FileErrors.FileNameInvalid, "A file name is not only dots.", Rules.Chat8);
        return text;
    }

    public static string? Extension(string name) => name.LastIndexOf('.') is var i and > 0 && i < name.Length - 1 ? name[(i + 1)..] : null;

    public static void EnsureExtensionAllowed(string name)
    {
        if (Extension(name) is { } ext && RefusedExtensions.Contains(ext))
            throw DomainException.InvalidField("header.name", FileErrors.FileTypeRefused, $"Programs and scripts (.{ext}) are not shared in school chats.", Rules.Chat8);
    }

    /// <summary>Checks what an upload declares, before any byte is stored; returns the normalised name.</summary>
    public static string CheckHeader(UploadHeader header, long maxFileBytes)
    {
        var name = NormalizeName(header.Name);
        EnsureExtensionAllowed(name);
        if (header.Size <= 0) throw DomainException.InvalidField("header.size", FileErrors.FileSizeMismatch, "Declare the file's size in bytes.", Rules.Chat8);
        if (header.Size > maxFileBytes)
            throw DomainException.InvalidField("header.size", FileErrors.FileTooLarge, $"A file is at most {maxFileBytes / (1024 * 1024)} MB.", Rules.Chat8);
        if (header.Sha256 is not { Length: 64 } || !header.Sha256.All(Uri.IsHexDigit))
            throw DomainException.InvalidField("header.sha256", FileErrors.FileHashMismatch, "Declare the file's SHA-256 as 64 hex digits.", Rules.Chat8);
        return name;
    }

    /// <summary>The school's quota counts stored and reserved bytes.</summary>
    public static void EnsureQuota(long used, long reserved, long size, long quota)
    {
        if (used + reserved + size > quota)
            throw DomainException.Exhausted(FileErrors.QuotaExceeded, "The school's file storage is full; ask an administrator to remove old files.",
                TimeSpan.FromHours(1), Rules.Chat8);
    }

    /// <summary>What to do with a verdict: clean stores; infected refuses; an unreachable scanner refuses unless fail-open.</summary>
    public static ScanStatus Decide(ScanVerdict verdict, bool failOpen) => verdict.Outcome switch
    {
        ScanOutcome.Clean => ScanStatus.Clean,
        ScanOutcome.Off => ScanStatus.NotScanned,
        ScanOutcome.Infected => throw DomainException.Invalid(FileErrors.FileInfected, $"The file carries malware ({verdict.Finding}); it was not stored.", Rules.Chat8),
        _ when failOpen => ScanStatus.NotScanned,
        _ => throw DomainException.Unavailable(FileErrors.ScannerUnavailable, "The virus scanner is unavailable; try again later.", Rules.Chat8),
    };
}
