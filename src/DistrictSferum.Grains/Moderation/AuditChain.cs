using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DistrictSferum.Contracts.Moderation;

namespace DistrictSferum.Grains.Moderation;

/// <summary>
/// Pure hash chaining of a school's audit rows: each row's hash covers its fields and the previous row's hash,
/// so changing, inserting or deleting a stored row breaks every hash after it.
/// </summary>
public static class AuditChain
{
    public const string Genesis = "";

    public static string Hash(string previousHash, AuditEntry e)
    {
        var canonical = string.Join('\u001f',
            previousHash, e.SchoolId, e.Seq.ToString(CultureInfo.InvariantCulture), e.ChatId, e.Action, e.Refused ? "1" : "0", e.ActorId,
            e.SubjectUserId ?? "", e.MessageSeq?.ToString(CultureInfo.InvariantCulture) ?? "", e.Clause?.ToString(CultureInfo.InvariantCulture) ?? "",
            e.Detail, e.Evidence ?? "", e.ErrorCode ?? "", e.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Appends: the row is numbered after <paramref name="lastSeq"/> and chained to <paramref name="lastHash"/>.</summary>
    public static AuditEntry Next(string schoolId, long lastSeq, string lastHash, AuditRecord r)
    {
        // Stored to the millisecond, hashed to the millisecond: what PostgreSQL returns verifies.
        var at = DateTimeOffset.FromUnixTimeMilliseconds(r.At.ToUnixTimeMilliseconds());
        var entry = new AuditEntry(schoolId, lastSeq + 1, r.ChatId, r.Action, r.Refused, r.ActorId, r.SubjectUserId, r.MessageSeq, r.Clause,
            r.Detail, r.Evidence, r.ErrorCode, at, "");
        return entry with { Hash = Hash(lastHash, entry) };
    }

    /// <summary>Checks rows in order; returns the first whose stored hash does not re-derive, or null.</summary>
    public static long? FirstBroken(IEnumerable<AuditEntry> rowsInOrder, ref long count)
    {
        var previous = Genesis;
        var expectedSeq = 1L;
        foreach (var row in rowsInOrder)
        {
            count++;
            if (row.Seq != expectedSeq || Hash(previous, row) != row.Hash) return row.Seq;
            previous = row.Hash;
            expectedSeq++;
        }

        return null;
    }
}
