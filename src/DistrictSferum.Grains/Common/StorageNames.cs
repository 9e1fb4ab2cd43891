namespace DistrictSferum.Grains.Common;

/// <summary>Names of the storage providers grains persist to; the server binds them to PostgreSQL.</summary>
public static class StorageNames
{
    /// <summary>All grain state.</summary>
    public const string Grains = "Sferum";

    /// <summary>Contacts (issue 8): the same table as <see cref="Grains"/>, but clearing a contact deletes its row.</summary>
    public const string Contacts = "SferumContacts";

    /// <summary>Stream subscriptions of the memory stream provider.</summary>
    public const string PubSub = "PubSubStore";
}
