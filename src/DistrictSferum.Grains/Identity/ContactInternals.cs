using DistrictSferum.Contracts.Identity;

namespace DistrictSferum.Grains.Identity;

/// <summary>
/// The limits a contact holds for the addresses that count against it (its own, a pupil's sign-in through this
/// parent's e-mail, a "+suffix" of this mailbox). Asked by other contact grains only.
/// </summary>
[Alias("ds.IContactLimits")]
internal interface IContactLimits : IGrainWithStringKey
{
    /// <summary>Counts one code request against this address's limit (a pupil's code to this parent's e-mail counts here too).</summary>
    [Alias("AdmitCodeRequest")]
    Task AdmitCodeRequest();

    /// <summary>Refuses (CONTACT_LOCKED) while too many wrong codes lock this address.</summary>
    [Alias("EnsureUnlocked")]
    Task EnsureUnlocked();

    /// <summary>Counts a wrong code made for an address whose limits this one holds; refuses once that locks it.</summary>
    [Alias("RecordFailedVerification")]
    Task RecordFailedVerification();
}

/// <summary>
/// Accounts by address, for grains that create them on an authorised actor's behalf (an operator adding an operator,
/// a school's registration, an analyst's grant) and for the expiry sweep. Never the gateway's: an account made or
/// linked here skips the sign-in code.
/// </summary>
[Alias("ds.IContactAccounts")]
internal interface IContactAccounts : IGrainWithStringKey
{
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

internal static class ContactAccountGrains
{
    /// <summary>The contact grain of an address, as the account keeper.</summary>
    public static IContactAccounts ContactAccounts(this IGrainFactory grains, ContactKeys keys, ContactAddress contact) =>
        grains.GetGrain<IContactAccounts>(keys.Of(contact));
}
