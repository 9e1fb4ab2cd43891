namespace DistrictSferum.Contracts.Moderation;

/// <summary>
/// A school's moderation audit log (key: school id): appends are serialized here so each row chains to the one
/// before it; rows live in PostgreSQL; each is published on the school's moderation stream.
/// </summary>
[Alias("ds.ISchoolAuditGrain")]
public interface ISchoolAuditGrain : IGrainWithStringKey
{
    /// <summary>ORG-16: the director and administrators query the log.</summary>
    [Alias("Query")]
    Task<Page<AuditEntry>> Query(Actor actor, AuditQuery query, PageRequest page);

    /// <summary>Rows after <paramref name="afterSeq"/>, oldest first, for a supervisor resuming a live watch.</summary>
    [Alias("After")]
    Task<IReadOnlyList<AuditEntry>> After(Actor actor, long afterSeq, int limit);

    /// <summary>
    /// The chain's end as stored outside the table, for a supervisor's verification (which reads the rows itself, in
    /// batches, outside this grain's turn: <see cref="IAuditVerifierGrain"/>).
    /// </summary>
    [Alias("Anchor")]
    Task<AuditAnchorView> Anchor(Actor actor);

    /// <summary>Whether the actor may read this school's audit (its director, deputies or administrators).</summary>
    [Alias("EnsureSupervisor")]
    Task EnsureSupervisor(Actor actor);
}

/// <summary>The last (seq, hash) of a chain, kept outside its table: rows cut off the end are caught against it.</summary>
[GenerateSerializer, Immutable, Alias("ds.AuditAnchorView")]
public sealed record AuditAnchorView([property: Id(0)] long LastSeq, [property: Id(1)] string LastHash);

/// <summary>
/// Issue 9: re-derives an audit chain's hashes (every row up to the anchor when it began), reading the rows in batches,
/// so verifying a long history neither holds the chain's grain (appends go on) nor the whole history in memory.
/// </summary>
[Alias("ds.IAuditVerifierGrain")]
public interface IAuditVerifierGrain : IGrainWithIntegerKey
{
    /// <summary>A school's (or community's) moderation audit, for its supervisors (ORG-16).</summary>
    [Alias("VerifyModeration")]
    Task<AuditVerification> VerifyModeration(Actor actor, string schoolId);

    /// <summary>An admin-audit chain (a school's or the district's), for its readers.</summary>
    [Alias("VerifyAdmin")]
    Task<AuditVerification> VerifyAdmin(Actor actor, string chain);
}
