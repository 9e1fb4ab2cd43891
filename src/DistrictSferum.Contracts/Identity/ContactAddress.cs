using System.Text;
using System.Text.RegularExpressions;
using DistrictSferum.Contracts.Errors;

namespace DistrictSferum.Contracts.Identity;

/// <summary>How a contact address reaches a person.</summary>
[GenerateSerializer, Alias("ds.ContactKind")]
public enum ContactKind
{
    Phone = 0,
    Email = 1,
}

/// <summary>
/// A normalised phone number (E.164) or e-mail address. Its <see cref="Key"/> names the contact grain
/// that owns sign-in codes for it, so two spellings of one number share one grain and one rate limit.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.ContactAddress")]
public sealed partial record ContactAddress([property: Id(0)] ContactKind Kind, [property: Id(1)] string Value)
{
    public const int MaxEmailLength = 254;

    public string Key => $"{(Kind == ContactKind.Phone ? "phone" : "email")}:{Value}";

    public override string ToString() => Value;

    /// <summary>Accepts "+7 999 123-45-67", "8 (999) 123 45 67" and other E.164 numbers.</summary>
    public static ContactAddress Phone(string? raw)
    {
        var digits = new StringBuilder();
        var text = (raw ?? "").Trim();
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c)) digits.Append(c);
            else if (c is not (' ' or '-' or '(' or ')' or '+' or '.')) throw InvalidPhone();
        }

        var number = digits.ToString();
        if (!text.StartsWith('+') && number.Length == 11 && number[0] == '8') number = "7" + number[1..];
        if (number.Length is < 10 or > 15 || number[0] == '0') throw InvalidPhone();
        return new ContactAddress(ContactKind.Phone, "+" + number);
    }

    public static ContactAddress Email(string? raw)
    {
        var value = (raw ?? "").Trim().ToLowerInvariant();
        if (value.Length > MaxEmailLength || !EmailPattern().IsMatch(value))
            throw DomainException.Invalid("INVALID_EMAIL", "The e-mail address is malformed.");
        return new ContactAddress(ContactKind.Email, value);
    }

    /// <summary>Parses either form: anything with '@' is an e-mail address.</summary>
    public static ContactAddress Parse(string? raw) =>
        (raw ?? "").Contains('@') ? Email(raw) : Phone(raw);

    public static ContactAddress FromKey(string key) => key.StartsWith("phone:", StringComparison.Ordinal)
        ? new ContactAddress(ContactKind.Phone, key["phone:".Length..])
        : new ContactAddress(ContactKind.Email, key["email:".Length..]);

    private static DomainException InvalidPhone() =>
        DomainException.Invalid("INVALID_PHONE", "The phone number is malformed: use international form, e.g. +79991234567.");

    [GeneratedRegex(@"^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")]
    private static partial Regex EmailPattern();
}
