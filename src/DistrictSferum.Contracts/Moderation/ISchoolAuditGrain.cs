namespace DistrictSferum.Contracts.Moderation;

/// <summary>
/// A school's moderation audit log (key: school id): appends are serialized here so each row chains to the one
/// before it; rows live in PostgreSQL; each is published on the school's moderation stream.
/// </summary>
[Alias("ds.ISchoolAuditGrain")]
public interface ISchoolAuditGrain : IGrainWithStringKey
{
    [Alias("Append")]
    Task<AuditEntry> Append(AuditRecord record);

    /// <summary>ORG-16: the director and administrators query the log.</summary>
    [Alias("Query")]
    Task<Page<AuditEntry>> Query(Actor actor, AuditQuery query, PageRequest page);

    /// <summary>Rows after <paramref name="afterSeq"/>, oldest first, for a supervisor resuming a live watch.</summary>
    [Alias("After")]
    Task<IReadOnlyList<AuditEntry>> After(Actor actor, long afterSeq, int limit);

    /// <summary>Re-derives every hash; a row altered in the database breaks the chain at that row.</summary>
    [Alias("Verify")]
    Task<AuditVerification> Verify(Actor actor);

    /// <summary>Whether the actor may read this school's audit (its director, deputies or administrators).</summary>
    [Alias("EnsureSupervisor")]
    Task EnsureSupervisor(Actor actor);
}
