using DistrictSferum.Grains.Moderation;
using System.Collections.Concurrent;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Moderation;

namespace DistrictSferum.Tests.Stores;

/// <summary>The audit log in memory: for grain tests, never production.</summary>
public sealed class InMemoryAuditStore : IAuditStore
{
    private readonly ConcurrentDictionary<string, List<AuditEntry>> schools = new();

    public Task<AuditEntry?> LastAsync(string schoolId, CancellationToken cancellationToken = default) => Task.FromResult(Rows(schoolId).LastOrDefault());

    private readonly ConcurrentDictionary<(string Chain, string Intent), AuditEntry> intents = new();

    public async Task<AuditEntry?> AppendOnceAsync(AuditEntry entry, string intentId, CancellationToken cancellationToken = default)
    {
        if (intents.TryGetValue((entry.SchoolId, intentId), out var earlier)) return earlier;
        await AppendAsync(entry, cancellationToken);
        intents[(entry.SchoolId, intentId)] = entry;
        return null;
    }

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var rows = schools.GetOrAdd(entry.SchoolId, _ => []);
        lock (rows) rows.Add(entry);
        return Task.CompletedTask;
    }

    public Task<Page<AuditEntry>> QueryAsync(string schoolId, AuditQuery q, PageRequest page, CancellationToken cancellationToken = default) =>
        Task.FromResult(Paging.Slice(Rows(schoolId).Where(e =>
            (q.ChatId is null || e.ChatId == q.ChatId) && (q.MemberId is null || e.SubjectUserId == q.MemberId) &&
            (q.ModeratorId is null || e.ActorId == q.ModeratorId) && (q.From is null || e.At >= q.From) && (q.To is null || e.At < q.To))
            .Reverse().ToList(), page));

    public Task<IReadOnlyList<AuditEntry>> AfterAsync(string schoolId, long afterSeq, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>(Rows(schoolId).Where(e => e.Seq > afterSeq).Take(limit).ToList());

    private List<AuditEntry> Rows(string schoolId)
    {
        var rows = schools.GetOrAdd(schoolId, _ => []);
        lock (rows) return rows.ToList();
    }
}
