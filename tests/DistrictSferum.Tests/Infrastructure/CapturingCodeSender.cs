using System.Collections.Concurrent;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Grains.Identity;

namespace DistrictSferum.Tests.Infrastructure;

/// <summary>
/// Delivers sign-in codes into memory, where tests read them like a phone would. Codes leave the server through its
/// delivery queue after RequestCode answers, so <see cref="CodeFor"/> first waits for the queues it follows to drain.
/// </summary>
public sealed class CapturingCodeSender : ICodeSender
{
    private readonly ConcurrentDictionary<string, string> last = new();
    private readonly ConcurrentDictionary<string, bool> hung = new();
    private readonly List<Func<int>> queues = [];

    /// <summary>Deliveries to <paramref name="normalizedContact"/> from now on never finish (a provider that hangs).</summary>
    public void Hang(string normalizedContact) => hung[normalizedContact] = true;

    /// <summary>Makes <see cref="CodeFor"/> wait until this server's deliveries (queued or being sent) are done.</summary>
    public void Follow(Func<int> inFlight)
    {
        lock (queues) queues.Add(inFlight);
    }

    private int sent;

    /// <summary>How many codes were sent, once every delivery queued so far has finished (a count read earlier may still grow).</summary>
    public int Sent
    {
        get
        {
            WaitForDeliveries();
            return Volatile.Read(ref sent);
        }
    }

    private static readonly ConcurrentDictionary<ContactAddress, bool> EveryContact = new();

    /// <summary>Every address any server of the test run sent a code to: the personal data no log may hold.</summary>
    public static IReadOnlyCollection<ContactAddress> AllContacts => (IReadOnlyCollection<ContactAddress>)EveryContact.Keys;

    public Task SendAsync(ContactAddress to, string code, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        EveryContact[to] = true;
        if (hung.ContainsKey(to.Value)) return new TaskCompletionSource().Task;
        last[to.Value] = code;
        Interlocked.Increment(ref sent);
        return Task.CompletedTask;
    }

    public string CodeFor(string normalizedContact)
    {
        WaitForDeliveries();
        return last.TryGetValue(normalizedContact, out var code) ? code : throw new InvalidOperationException($"No code was sent to {normalizedContact}.");
    }

    private void WaitForDeliveries()
    {
        Func<int>[] followed;
        lock (queues) followed = [.. queues];
        SpinWait.SpinUntil(() => followed.All(inFlight => inFlight() == 0), TimeSpan.FromSeconds(30));
    }
}
