using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DistrictSferum.Contracts.Moderation;

namespace DistrictSferum.Grains.Moderation;

/// <summary>
/// Pure hash chaining of a school's audit rows: each row's HMAC covers its fields and the previous row's hash, so
/// changing, inserting or deleting a stored row breaks every hash after it; the school's last (seq, hash), kept
/// outside the table, catches rows cut off the end. Each row names the key it was hashed with.
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

    /// <summary>Appends: the row is numbered after <paramref name="lastSeq"/>, chained to <paramref name="lastHash"/>, hashed with the current key.</summary>
    public static AuditEntry Next(AuditKeys keys, string schoolId, long lastSeq, string lastHash, AuditRecord r)
    {
        // Stored to the millisecond, hashed to the millisecond: what PostgreSQL returns verifies.
        var at = DateTimeOffset.FromUnixTimeMilliseconds(r.At.ToUnixTimeMilliseconds());
        var entry = new AuditEntry(schoolId, lastSeq + 1, r.ChatId, r.Action, r.Refused, r.ActorId, r.SubjectUserId, r.MessageSeq, r.Clause,
            r.Detail, r.Evidence, r.ErrorCode, at, "")
        { KeyId = keys.CurrentId };
        return entry with { Hash = Hash(keys.Current, lastHash, entry) };
    }

    /// <summary>
    /// Where a chain's grain resumes after reactivation: its anchor, advanced over the rows stored after it that chain on
    /// from it one by one (an append whose anchor write was lost), up to the first that does not. A row that does not
    /// chain on is never adopted: its seq and hash would make the next row look chained to something nobody anchored.
    /// </summary>
    public static (long Seq, string Hash, bool Unchained) Resume(AuditKeys keys, long anchorSeq, string anchorHash, IEnumerable<AuditEntry> rowsAfterAnchor)
    {
        var (seq, hash) = (anchorSeq, anchorHash);
        foreach (var row in rowsAfterAnchor)
        {
            if (row.Seq != seq + 1 || keys.For(row.KeyId) is not { } key || Hash(key, hash, row) != row.Hash) return (seq, hash, true);
            (seq, hash) = (row.Seq, row.Hash);
        }

        return (seq, hash, false);
    }

    /// <summary>
    /// <see cref="Resume(AuditKeys, long, string, IEnumerable{AuditEntry})"/> over the stored rows after the anchor,
    /// read in batches; moves the anchor (in memory, the caller writes it when <c>Moved</c>) to the last chained row.
    /// <c>Unchained</c>: a stored row after that does not chain on (the table was written by someone else).
    /// </summary>
    public static async Task<(bool Moved, bool Unchained)> ResumeAsync(IAuditStore store, string chain, AuditKeys keys, AuditAnchor anchor, CancellationToken cancellationToken)
    {
        const int batch = 100;
        var moved = false;
        while (true)
        {
            var rows = await store.AfterAsync(chain, anchor.LastSeq, batch, cancellationToken);
            var (seq, hash, unchained) = Resume(keys, anchor.LastSeq, anchor.LastHash, rows);
            moved |= seq != anchor.LastSeq;
            (anchor.LastSeq, anchor.LastHash) = (seq, hash);
            if (unchained || rows.Count < batch) return (moved, unchained);
        }
    }

    /// <summary>
    /// A verification fed one row at a time (from batches read outside the audit grain), up to the anchor it began
    /// with (those rows are counted), then over the rows stored after the anchor, which must chain on from it.
    /// </summary>
    public sealed class Verification(AuditKeys keys, long anchorSeq, string anchorHash)
    {
        private string previous = Genesis;
        private long expectedSeq = 1;
        private long? broken;

        public long RowsChecked { get; private set; }

        /// <summary>The last seq this verification wants; reading stops after it.</summary>
        public long AnchorSeq => anchorSeq;

        /// <summary>False once it has its answer (a broken row, or the anchor reached).</summary>
        public bool Feed(AuditEntry row)
        {
            if (broken is not null || expectedSeq > anchorSeq) return false;
            if (row.Seq != expectedSeq || keys.For(row.KeyId) is not { } key || Hash(key, previous, row) != row.Hash)
            {
                broken = expectedSeq;
                return false;
            }

            RowsChecked++;
            if (row.Seq == anchorSeq && row.Hash != anchorHash)
            {
                broken = row.Seq;
                return false;
            }

            previous = row.Hash;
            expectedSeq++;
            return expectedSeq <= anchorSeq;
        }

        /// <summary>
        /// A row stored after the anchor, once the rows up to it verified: one appended since the verification began
        /// chains on; one that does not was written by someone else (and the chain's grain appends nothing after it).
        /// Not counted in <see cref="RowsChecked"/>, which are the rows the anchor vouches for.
        /// </summary>
        public bool FeedAfterAnchor(AuditEntry row)
        {
            if (broken is not null || expectedSeq <= anchorSeq) return false;
            if (row.Seq != expectedSeq || keys.For(row.KeyId) is not { } key || Hash(key, previous, row) != row.Hash)
            {
                broken = expectedSeq;
                return false;
            }

            previous = row.Hash;
            expectedSeq++;
            return true;
        }

        public long? FirstBroken() => broken ?? (expectedSeq <= anchorSeq ? expectedSeq : null);
    }
}
