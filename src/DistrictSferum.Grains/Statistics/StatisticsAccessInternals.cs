namespace DistrictSferum.Grains.Statistics;

/// <summary>Who reads district statistics, as the statistics grain asks (key: <see cref="Contracts.Statistics.IStatisticsAccessGrain.Key"/>).</summary>
[Alias("ds.IStatisticsViewers")]
internal interface IStatisticsViewers : IGrainWithStringKey
{
    /// <summary>Whether this actor reads district statistics: an operator, an analyst or a live service account.</summary>
    [Alias("IsDistrictViewer")]
    Task<bool> IsDistrictViewer(string actorId);
}
