namespace DistrictSferum.Grains.Files;

/// <summary>A school's file quota as the purger and the school's own files grain keep it (key: school id).</summary>
[Alias("ds.ISchoolFileQuota")]
internal interface ISchoolFileQuota : IGrainWithStringKey
{
    /// <summary>Bytes in use and reserved, against the quota.</summary>
    [Alias("Usage")]
    Task<(long Used, long Reserved, long Quota)> Usage();

    /// <summary>Takes purged files' bytes off the use.</summary>
    [Alias("Released")]
    Task Released(long bytes);
}
