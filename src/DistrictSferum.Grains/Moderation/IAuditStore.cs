using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Moderation;

namespace DistrictSferum.Grains.Moderation;

/// <summary>The append-only moderation audit table (deploy/sql/0006).</summary>
public interface IAuditStore
{
    Task<AuditEntry?> LastAsync(string schoolId, CancellationToken cancellationToken = default);

    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Admin audit (issue 8): appends unless a row of this chain already carries <paramref name="intentId"/>; returns
    /// that earlier row, or null when <paramref name="entry"/> was appended.
    /// </summary>
    Task<AuditEntry?> AppendOnceAsync(AuditEntry entry, string intentId, CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<Page<AuditEntry>> QueryAsync(string schoolId, AuditQuery query, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>Rows after <paramref name="afterSeq"/>, oldest first: a watch's catch-up, and verification's batches.</summary>
    Task<IReadOnlyList<AuditEntry>> AfterAsync(string schoolId, long afterSeq, int limit, CancellationToken cancellationToken = default);
}
