namespace DistrictSferum.Grains.Chats;

/// <summary>The school's channels, for grains that announce on the school's behalf (broadcasts, staff meetings).</summary>
[Alias("ds.ISchoolChannels")]
internal interface ISchoolChannels : IGrainWithStringKey
{
    [Alias("Channels"), Orleans.Concurrency.AlwaysInterleave]
    Task<(string? School, string? Staff)> Channels();
}

public sealed partial class SchoolChatsGrain : ISchoolChannels
{
    Task<(string? School, string? Staff)> ISchoolChannels.Channels() => Task.FromResult((state.State.SchoolChannelId, state.State.StaffChannelId));
}
