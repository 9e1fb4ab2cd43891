namespace DistrictSferum.Grains.Meetings.Conferencing;

/// <summary>One participant's way into a room, valid from <see cref="NotBefore"/> to <see cref="ExpiresAt"/>.</summary>
public sealed record ConferenceJoin(string Room, string UserId, string DisplayName, bool Moderator, DateTimeOffset NotBefore, DateTimeOffset ExpiresAt);

/// <summary>The district's conferencing server: it carries the media; this service decides who gets in.</summary>
public interface IConferenceProvider
{
    /// <summary>A personal join URL for one participant.</summary>
    string JoinUrl(ConferenceJoin join);
}
