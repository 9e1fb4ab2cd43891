using DistrictSferum.Contracts.Moderation;

namespace DistrictSferum.Grains.Moderation;

/// <summary>
/// Appends to a school's (or community's) moderation audit (key: school id), from the grains whose decisions it
/// records; they checked the actor already, and the record names them.
/// </summary>
[Alias("ds.ISchoolAuditLog")]
internal interface ISchoolAuditLog : IGrainWithStringKey
{
    [Alias("Append")]
    Task<AuditEntry> Append(AuditRecord record);

    /// <summary>
    /// A refused attempt (issue 9): the first of an (actor, action, minute) is a row of its own; the rest of that minute
    /// are counted and recorded as one row once the minute is over, so a flood of refusals cannot flood the chain.
    /// </summary>
    [Alias("AppendRefused")]
    Task AppendRefused(AuditRecord record);
}
