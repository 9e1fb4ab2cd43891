namespace DistrictSferum.Contracts.Identity;

/// <summary>
/// One phone number or e-mail address (key: <see cref="ContactKeys.Of"/>, a keyed hash: no contact in a grain id).
/// It issues and checks one-time sign-in codes and knows which account the address belongs to. Calls that need the
/// address carry it; the grain checks that it hashes to its key.
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

    /// <summary>Counts one code request against this address's limit (a pupil's code to this parent's e-mail counts here too).</summary>
    [Alias("AdmitCodeRequest")]
    Task AdmitCodeRequest();

    /// <summary>Refuses (CONTACT_LOCKED) while too many wrong codes lock this address.</summary>
    [Alias("EnsureUnlocked")]
    Task EnsureUnlocked();

    /// <summary>Counts a wrong code made for an address whose limits this one holds; refuses once that locks it.</summary>
    [Alias("RecordFailedVerification")]
    Task RecordFailedVerification();

    /// <summary>The account of this address, created with <paramref name="displayName"/> if there is none.</summary>
    [Alias("EnsureAccount")]
    Task<string> EnsureAccount(ContactAddress contact, string displayName);

    /// <summary>Binds this address to an existing account unless it already belongs to one; returns the owner.</summary>
    [Alias("Link")]
    Task<string> Link(ContactAddress contact, string userId);

    /// <summary>Issue 8: removes this contact if it never signed in and holds nothing worth keeping; true when removed.</summary>
    [Alias("ExpireIfUnverified")]
    Task<bool> ExpireIfUnverified();
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

