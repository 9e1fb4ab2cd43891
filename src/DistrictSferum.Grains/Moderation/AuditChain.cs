using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DistrictSferum.Contracts.Moderation;

namespace DistrictSferum.Grains.Moderation;

/// <summary>
/// Pure hash chaining of a school's audit rows: each row's HMAC covers its fields and the previous row's hash, so
/// changing, inserting or deleting a stored row breaks every hash after it; the school's last (seq, hash), kept
/// outside the table, catches rows cut off the end.
/// </summary>
public static class AuditChain
{
    public const string Genesis = "";

    public static string Hash(byte[] key, string previousHash, AuditEntry e)
    {
        var canonical = string.Join('\u001f',
            previousHash, e.SchoolId, e.Seq.ToString(CultureInfo.InvariantCulture), e.ChatId, e.Action, e.Refused ? "1" : "0", e.ActorId,
            e.SubjectUserId ?? "", e.MessageSeq?.ToString(CultureInfo.InvariantCulture) ?? "", e.Clause?.ToString(CultureInfo.InvariantCulture) ?? "",
            e.Detail, e.Evidence ?? "", e.ErrorCode ?? "", e.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Appends: the row is numbered after <paramref name="lastSeq"/> and chained to <paramref name="lastHash"/>.</summary>
    public static AuditEntry Next(byte[] key, string schoolId, long lastSeq, string lastHash, AuditRecord r)
    {
        // Stored to the millisecond, hashed to the millisecond: what PostgreSQL returns verifies.
        var at = DateTimeOffset.FromUnixTimeMilliseconds(r.At.ToUnixTimeMilliseconds());
        var entry = new AuditEntry(schoolId, lastSeq + 1, r.ChatId, r.Action, r.Refused, r.ActorId, r.SubjectUserId, r.MessageSeq, r.Clause,
            r.Detail, r.Evidence, r.ErrorCode, at, "");
        return entry with { Hash = Hash(key, lastHash, entry) };
    }

    /// <summary>
    /// Checks rows in order against the chain and the anchor (the last seq and hash known outside the table);
    /// returns the first row that does not re-derive or is missing, or null when intact.
    /// </summary>
    public static long? FirstBroken(byte[] key, IReadOnlyList<AuditEntry> rowsInOrder, long anchorSeq, string anchorHash)
    {
        var previous = Genesis;
        var expectedSeq = 1L;
        foreach (var row in rowsInOrder)
        {
            if (row.Seq != expectedSeq || Hash(key, previous, row) != row.Hash) return expectedSeq;
            if (row.Seq == anchorSeq && row.Hash != anchorHash) return row.Seq;
            previous = row.Hash;
            expectedSeq++;
        }

        return expectedSeq <= anchorSeq ? expectedSeq : null;
    }
}
