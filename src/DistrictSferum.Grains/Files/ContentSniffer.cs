using System.Buffers.Binary;
using System.Text;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Files;

namespace DistrictSferum.Grains.Files;

/// <summary>
/// Decides a file's type from its first bytes (magic numbers), never from what the client declared, against an
/// allow-list of documents, images, audio, video and archives. Programs and scripts are refused with the reason.
/// </summary>
public static class ContentSniffer
{
    /// <summary>How many leading bytes the sniffer looks at.</summary>
    public const int HeadBytes = 4096;

    private static readonly (byte[] Magic, int Offset, string Type)[] Signatures =
    [
        ("%PDF-"u8.ToArray(), 0, "application/pdf"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], 0, "image/png"),
        ([0xFF, 0xD8, 0xFF], 0, "image/jpeg"),
        ("GIF87a"u8.ToArray(), 0, "image/gif"),
        ("GIF89a"u8.ToArray(), 0, "image/gif"),
        ("BM"u8.ToArray(), 0, "image/bmp"),
        ([0x49, 0x49, 0x2A, 0x00], 0, "image/tiff"),
        ([0x4D, 0x4D, 0x00, 0x2A], 0, "image/tiff"),
        ("ID3"u8.ToArray(), 0, "audio/mpeg"),
        ([0xFF, 0xFB], 0, "audio/mpeg"),
        ([0xFF, 0xF3], 0, "audio/mpeg"),
        ("OggS"u8.ToArray(), 0, "audio/ogg"),
        ("fLaC"u8.ToArray(), 0, "audio/flac"),
        ([0x1A, 0x45, 0xDF, 0xA3], 0, "video/webm"),
        ("ftyp"u8.ToArray(), 4, "video/mp4"),
        ([0x50, 0x4B, 0x03, 0x04], 0, "application/zip"),
        ([0x50, 0x4B, 0x05, 0x06], 0, "application/zip"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], 0, "application/x-ole-storage"),
        ("Rar!\u001A\u0007"u8.ToArray(), 0, "application/vnd.rar"),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], 0, "application/x-7z-compressed"),
        ([0x1F, 0x8B], 0, "application/gzip"),
        ("{\\rtf"u8.ToArray(), 0, "application/rtf"),
    ];

    /// <summary>Executable formats: Windows PE ("MZ"), ELF, Mach-O, Java classes; and "#!" scripts.</summary>
    private static readonly (byte[] Magic, string What)[] Programs =
    [
        ("MZ"u8.ToArray(), "a Windows program"),
        ([0x7F, 0x45, 0x4C, 0x46], "a Linux program"),
        ([0xCF, 0xFA, 0xED, 0xFE], "a macOS program"),
        ([0xFE, 0xED, 0xFA, 0xCF], "a macOS program"),
        ([0xCA, 0xFE, 0xBA, 0xBE], "a Java or macOS program"),
        ("#!"u8.ToArray(), "a script"),
    ];

    /// <summary>The sniffed content type of a file whose first bytes are <paramref name="head"/>, or a refusal.</summary>
    public static string Sniff(ReadOnlySpan<byte> head, string name)
    {
        foreach (var (magic, what) in Programs)
            if (head.StartsWith(magic))
                throw Refused($"The file is {what}; programs and scripts are not shared in school chats.");
        foreach (var (magic, offset, type) in Signatures)
        {
            if (head.Length < offset + magic.Length || !head.Slice(offset, magic.Length).SequenceEqual(magic)) continue;
            return type switch
            {
                "application/zip" => ZipType(name),
                "application/x-ole-storage" => OleType(name),
                "image/bmp" when head.Length < 14 || BinaryPrimitives.ReadUInt32LittleEndian(head[2..]) == 0 => Unknown(),
                _ => type,
            };
        }

        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8))
        {
            var form = head.Slice(8, 4);
            if (form.SequenceEqual("WEBP"u8)) return "image/webp";
            if (form.SequenceEqual("WAVE"u8)) return "audio/wav";
            if (form.SequenceEqual("AVI "u8)) return "video/x-msvideo";
        }

        if (IsText(head)) return TextType(head, name);
        return Unknown();
    }

    /// <summary>Office documents are zip archives: the name tells which, the bytes that it is one.</summary>
    private static string ZipType(string name) => FileRules.Extension(name)?.ToLowerInvariant() switch
    {
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "odp" => "application/vnd.oasis.opendocument.presentation",
        "epub" => "application/epub+zip",
        _ => "application/zip",
    };

    private static string OleType(string name) => FileRules.Extension(name)?.ToLowerInvariant() switch
    {
        "doc" => "application/msword",
        "xls" => "application/vnd.ms-excel",
        "ppt" => "application/vnd.ms-powerpoint",
        _ => throw Refused("Only Word, Excel and PowerPoint files of the old Office format are shared."),
    };

    /// <summary>Plain text: valid UTF-8 without NUL or control characters other than tab and line breaks.</summary>
    private static bool IsText(ReadOnlySpan<byte> head)
    {
        if (head.Length == 0) return false;
        // The head may end inside a multi-byte character: judge all but its last 3 bytes strictly.
        var judged = head.Length < HeadBytes ? head : head[..^3];
        if (!System.Text.Unicode.Utf8.IsValid(judged) && !System.Text.Unicode.Utf8.IsValid(head)) return false;
        foreach (var b in judged)
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D)) return false;
        return true;
    }

    private static string TextType(ReadOnlySpan<byte> head, string name)
    {
        var start = Encoding.UTF8.GetString(head[..Math.Min(head.Length, 256)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (start.StartsWith("<", StringComparison.Ordinal) && start.Contains("<script", StringComparison.OrdinalIgnoreCase))
            throw Refused("The file is a web page with a script; scripts are not shared in school chats.");
        return FileRules.Extension(name)?.ToLowerInvariant() switch
        {
            "csv" => "text/csv",
            "md" => "text/markdown",
            "svg" or "html" or "htm" or "xml" or "xhtml" => throw Refused("Web pages and vector drawings can carry scripts; share them as PDF or PNG."),
            _ => "text/plain",
        };
    }

    private static string Unknown() => throw Refused("The file's type is not one schools share (documents, images, audio, video, archives).");

    private static DomainException Refused(string message) => DomainException.InvalidField("chunk", FileErrors.FileTypeRefused, message, Rules.Chat8);
}
