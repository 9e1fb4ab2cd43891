using System.Security.Cryptography;
using System.Text;

namespace DistrictSferum.Contracts.Identity;

/// <summary>
/// The grain keys of contact grains: an HMAC of the address under a secret every server shares, so a phone number,
/// e-mail address or child's name never appears as a grain id (in Orleans' log lines, traces or the storage table),
/// while two spellings of one address still reach one grain. The address itself travels in each call.
/// </summary>
public sealed class ContactKeys(byte[] secret)
{
    public const string Prefix = "c:";

    public string Of(ContactAddress contact) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(contact.Key)));

    /// <summary>A keyed hash of <paramref name="value"/> for another purpose (a sub-key per purpose, never this one's own output).</summary>
    public byte[] Derive(string purpose, string value) =>
        HMACSHA256.HashData(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes("district-sferum/" + purpose)), Encoding.UTF8.GetBytes(value));

    /// <summary>
    /// From <c>Identity:ContactKeySecret</c> (base64) when set, else derived from the JWT signing key (never that key
    /// itself). Changing it re-keys every contact: accounts stay, but codes, limits and locks in flight are forgotten.
    /// </summary>
    public static ContactKeys From(string? configuredSecret, string jwtSigningKey) =>
        new(configuredSecret is { Length: > 0 }
            ? Convert.FromBase64String(configuredSecret)
            : HMACSHA256.HashData(Convert.FromBase64String(jwtSigningKey), Encoding.UTF8.GetBytes("district-sferum/contact-keys")));
}
