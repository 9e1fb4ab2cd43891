namespace DistrictSferum.Contracts.Identity;

/// <summary>
/// One phone number or e-mail address (key: <see cref="ContactKeys.Of"/>, a keyed hash: no contact in a grain id).
/// It issues and checks one-time sign-in codes and knows which account the address belongs to. Calls that need the
/// address carry it; the grain checks that it hashes to its key. These two calls come before anyone is signed in, so
/// they take no actor; what other grains ask of a contact (limits, accounts) is in the Grains project.
/// </summary>
[Alias("ds.IContactGrain")]
public interface IContactGrain : IGrainWithStringKey
{
    /// <summary>Sends a fresh code to the address; the answer never tells whether an account exists.</summary>
    [Alias("RequestCode")]
    Task<CodeIssued> RequestCode(ContactAddress contact);

    /// <summary>
    /// Checks a code; on success returns the account id, creating the account on first sign-in under
    /// <paramref name="displayName"/> (else the address).
    /// </summary>
    [Alias("VerifyCode")]
    Task<string> VerifyCode(ContactAddress contact, string code, string? displayName = null);
}

/// <summary>A code was sent; it expires at <see cref="ExpiresAt"/>.</summary>
[GenerateSerializer, Immutable, Alias("ds.CodeIssued")]
public sealed record CodeIssued([property: Id(0)] DateTimeOffset ExpiresAt, [property: Id(1)] int CodeLength);

public static class ContactGrains
{
    /// <summary>The contact grain of an address.</summary>
    public static IContactGrain Contact(this IGrainFactory grains, ContactKeys keys, ContactAddress contact) =>
        grains.GetGrain<IContactGrain>(keys.Of(contact));
}

