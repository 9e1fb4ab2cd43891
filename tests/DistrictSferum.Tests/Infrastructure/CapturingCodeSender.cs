using System.Collections.Concurrent;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Grains.Identity;

namespace DistrictSferum.Tests.Infrastructure;

/// <summary>Delivers sign-in codes into memory, where tests read them like a phone would.</summary>
public sealed class CapturingCodeSender : ICodeSender
{
    private readonly ConcurrentDictionary<string, string> last = new();

    public int Sent { get; private set; }

    private static readonly ConcurrentDictionary<ContactAddress, bool> everyContact = new();

    /// <summary>Every address any server of the test run sent a code to: the personal data no log may hold.</summary>
    public static IReadOnlyCollection<ContactAddress> AllContacts => (IReadOnlyCollection<ContactAddress>)everyContact.Keys;

    public Task SendAsync(ContactAddress to, string code, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        everyContact[to] = true;
        last[to.Value] = code;
        Sent++;
        return Task.CompletedTask;
    }

    public string CodeFor(string normalizedContact) =>
        last.TryGetValue(normalizedContact, out var code) ? code : throw new InvalidOperationException($"No code was sent to {normalizedContact}.");
}
