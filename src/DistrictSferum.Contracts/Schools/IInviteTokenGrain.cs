namespace DistrictSferum.Contracts.Schools;

/// <summary>
/// Finds the school and class of an invite link from its token (key: SHA-256 of the token, hex). The token itself is
/// never stored anywhere, so a leaked database cannot be turned into working links.
/// </summary>
[Alias("ds.IInviteTokenGrain")]
public interface IInviteTokenGrain : IGrainWithStringKey
{
    /// <summary>The school, class and invite of this token; NOT_FOUND for a token nobody issued.</summary>
    [Alias("Resolve")]
    Task<InviteLocation> Resolve();
}

[GenerateSerializer, Immutable, Alias("ds.InviteLocation")]
public sealed record InviteLocation([property: Id(0)] string SchoolId, [property: Id(1)] string InviteId, [property: Id(2)] string? ClassId = null);
