using DistrictSferum.Contracts.Audit;
using DistrictSferum.Contracts.Moderation;

namespace DistrictSferum.Grains.Audit;

/// <summary>Appends to an admin-audit chain (key: school id or <see cref="IAdminAuditGrain.District"/>), from the grains that acted.</summary>
[Alias("ds.IAdminAuditLog")]
internal interface IAdminAuditLog : IGrainWithStringKey
{
    /// <summary>
    /// Records an action the caller already carried out; a record with an <see cref="AdminAuditRecord.IntentId"/>
    /// already in the chain returns that row and appends nothing.
    /// </summary>
    [Alias("Append")]
    Task<AuditEntry> Append(AdminAuditRecord record);
}
