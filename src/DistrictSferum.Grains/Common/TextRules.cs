using System.Globalization;
using System.Text;
using DistrictSferum.Contracts.Errors;

namespace DistrictSferum.Grains.Common;

/// <summary>
/// Every piece of free text entering the system passes here: trimmed, NFC-normalised, bounded, and free of
/// control and bidi-override characters (which can disguise what a reader sees).
/// </summary>
public static class TextRules
{
    public static string Required(string? value, string field, int maxLength, string? ruleId = null, bool multiline = false)
    {
        var text = Optional(value, field, maxLength, ruleId, multiline);
        if (text.Length == 0) throw DomainException.InvalidField(field, CommonErrors.FieldRequired, $"{field} must not be empty.", ruleId);
        return text;
    }

    public static string Optional(string? value, string field, int maxLength, string? ruleId = null, bool multiline = false)
    {
        var text = (value ?? "").Trim().Normalize(NormalizationForm.FormC);
        if (text.Length > maxLength)
            throw DomainException.InvalidField(field, CommonErrors.FieldTooLong, $"{field} is longer than {maxLength} characters.", ruleId);
        foreach (var c in text)
        {
            if (IsForbidden(c, multiline))
                throw DomainException.InvalidField(field, CommonErrors.FieldBadCharacters, $"{field} contains control, bidi-override or invisible characters.", ruleId);
        }

        return text;
    }

    public static bool IsForbidden(char c, bool multiline)
    {
        if (multiline && c is '\n' or '\t') return false;
        if (char.IsControl(c)) return true;
        // Bidi embeddings, overrides and isolates: U+202A..U+202E, U+2066..U+2069.
        if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069') return true;
        // Invisible and format characters that make two names look alike or hide text: zero-width space, joiners
        // and marks (U+200B..U+200F), word joiner (U+2060), byte-order mark (U+FEFF), Arabic letter mark (U+061C).
        if (c is >= '\u200B' and <= '\u200F' or '\u2060' or '\uFEFF' or '\u061C') return true;
        return CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherNotAssigned;
    }
}
