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
/// With a <see cref="Dependent"/> it is a primary-school pupil's sign-in through a parent's e-mail (REG-3):
/// the code goes to the parent, the account is the child's own.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.ContactAddress")]
public sealed partial record ContactAddress(
    [property: Id(0)] ContactKind Kind, [property: Id(1)] string Value, [property: Id(2)] string? Dependent = null)
{
    public const int MaxEmailLength = 254;
    public const int MaxDependentLength = 100;
    private const string DependentMark = "#child:";

    public string Key => $"{(Kind == ContactKind.Phone ? "phone" : "email")}:{Value}"
        + (Dependent is null ? "" : DependentMark + Dependent.ToLowerInvariant());

    public override string ToString() => Value;

    /// <summary>
    /// The address whose limits a code request or a wrong code counts against: the parent's own e-mail for a pupil
    /// (REG-3), the mailbox without its "+suffix" for e-mail (a+1@x and a+2@x are one inbox), else the address itself.
    /// </summary>
    public ContactAddress QuotaOwner
    {
        get
        {
            if (Kind != ContactKind.Email) return this;
            var at = Value.LastIndexOf('@');
            var plus = Value.IndexOf('+');
            var mailbox = plus > 0 && plus < at ? Value[..plus] + Value[at..] : Value;
            return new ContactAddress(ContactKind.Email, mailbox);
        }
    }

    /// <summary>Accepts "+7 999 123-45-67", "8 (999) 123 45 67" and other E.164 numbers; an error names <c>field</c>.</summary>
    public static ContactAddress Phone(string? raw, string field = "contact")
    {
        var digits = new StringBuilder();
        var text = (raw ?? "").Trim();
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c)) digits.Append(c);
            else if (c is not (' ' or '-' or '(' or ')' or '+' or '.')) throw InvalidPhone(field);
        }

        var number = digits.ToString();
        if (!text.StartsWith('+') && number.Length == 11 && number[0] == '8') number = "7" + number[1..];
        if (number.Length is < 10 or > 15 || number[0] == '0') throw InvalidPhone(field);
        return new ContactAddress(ContactKind.Phone, "+" + number);
    }

    public static ContactAddress Email(string? raw, string field = "contact")
    {
        var value = (raw ?? "").Trim().ToLowerInvariant();
        if (value.Length > MaxEmailLength || !EmailPattern().IsMatch(value))
            throw DomainException.InvalidField(field, IdentityErrors.InvalidEmail, "The e-mail address is malformed.");
        return new ContactAddress(ContactKind.Email, value);
    }

    /// <summary>Parses either form: anything with '@' is an e-mail address.</summary>
    public static ContactAddress Parse(string? raw) =>
        (raw ?? "").Contains('@') ? Email(raw) : Phone(raw);

    /// <summary>REG-3: a pupil signing in with a parent's e-mail, told apart from siblings by their name.</summary>
    public static ContactAddress Parse(string? raw, string? childName)
    {
        if (string.IsNullOrWhiteSpace(childName)) return Parse(raw);
        var name = string.Join(' ', childName.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Normalize(NormalizationForm.FormC);
        if (name.Length > MaxDependentLength || name.Any(c => char.IsControl(c) || c == '#' || IsInvisible(c)))
            throw DomainException.InvalidField("child_name", IdentityErrors.ChildNameInvalid, "The child's name is too long or has control, bidi or invisible characters.", Rules.Reg3);
        if (!(raw ?? "").Contains('@'))
            throw DomainException.InvalidField("contact", IdentityErrors.GuardianEmailRequired, "A pupil signs in with a parent's e-mail address.", Rules.Reg3);
        return Email(raw) with { Dependent = name };
    }

    public static ContactAddress FromKey(string key)
    {
        var mark = key.IndexOf(DependentMark, StringComparison.Ordinal);
        var dependent = mark < 0 ? null : key[(mark + DependentMark.Length)..];
        var address = mark < 0 ? key : key[..mark];
        return address.StartsWith("phone:", StringComparison.Ordinal)
            ? new ContactAddress(ContactKind.Phone, address["phone:".Length..])
            : new ContactAddress(ContactKind.Email, address["email:".Length..], dependent);
    }

    private static bool IsInvisible(char c) =>
        c is >= '\u200B' and <= '\u200F' or '\u2060' or '\uFEFF' or '\u061C' or >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    private static DomainException InvalidPhone(string field) =>
        DomainException.InvalidField(field, IdentityErrors.InvalidPhone, "The phone number is malformed: use international form, a plus sign, the country code and the number.");

    [GeneratedRegex(@"^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")]
    private static partial Regex EmailPattern();
}
