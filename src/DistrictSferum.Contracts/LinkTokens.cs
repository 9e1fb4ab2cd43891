using System.Security.Cryptography;
using System.Text;

namespace DistrictSferum.Contracts;

/// <summary>
/// Secrets in invite and chat links: 256 random bits, URL-safe. Only <see cref="Hash"/> of a token is ever stored,
/// so a leaked database cannot be turned into working links.
/// </summary>
public static class LinkTokens
{
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
