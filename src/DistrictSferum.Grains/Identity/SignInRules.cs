using System.Security.Cryptography;
using System.Text;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;

namespace DistrictSferum.Grains.Identity;

/// <summary>A code waiting to be used: only its salted hash is kept.</summary>
[GenerateSerializer, Alias("ds.PendingCode")]
public sealed record PendingCode(
    [property: Id(0)] byte[] Salt,
    [property: Id(1)] byte[] Hash,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] int AttemptsLeft);

/// <summary>Pure rules of one-time codes: issuing, rate limiting, checking.</summary>
public static class SignInRules
{
    /// <summary>Drops requests older than the window and refuses when the window is full.</summary>
    public static List<DateTimeOffset> AdmitRequest(IEnumerable<DateTimeOffset> recent, DateTimeOffset now, SignInOptions options)
    {
        var inWindow = recent.Where(t => t > now - options.RequestWindow).ToList();
        if (inWindow.Count >= options.MaxRequestsPerWindow)
            throw DomainException.Exhausted(IdentityErrors.CodeRateLimited, "Too many codes were requested for this address; try again later.",
                inWindow.Min() + options.RequestWindow - now);
        inWindow.Add(now);
        return inWindow;
    }

    public static (string Code, PendingCode Pending) Issue(DateTimeOffset now, SignInOptions options)
    {
        var code = string.Concat(Enumerable.Range(0, options.CodeLength).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))));
        var salt = RandomNumberGenerator.GetBytes(16);
        return (code, new PendingCode(salt, Hash(salt, code), now + options.CodeLifetime, options.MaxAttempts));
    }

    public enum Outcome { Accepted, Wrong, Burned }

    /// <summary>
    /// Checks a code against the pending one. Returns what is left pending afterwards (null once used or burned).
    /// Throws for a missing or expired code; a wrong code costs one attempt.
    /// </summary>
    public static (Outcome Outcome, PendingCode? Remaining) Check(PendingCode? pending, string code, DateTimeOffset now)
    {
        if (pending is null)
            throw DomainException.Unauthenticated(IdentityErrors.CodeInvalid, "The code is wrong or was already used.");
        if (now >= pending.ExpiresAt)
            throw DomainException.Unauthenticated(IdentityErrors.CodeExpired, "The code has expired; request a new one.");

        var candidate = Hash(pending.Salt, (code ?? "").Trim());
        if (CryptographicOperations.FixedTimeEquals(candidate, pending.Hash)) return (Outcome.Accepted, null);

        var left = pending.AttemptsLeft - 1;
        return left <= 0 ? (Outcome.Burned, null) : (Outcome.Wrong, pending with { AttemptsLeft = left });
    }

    /// <summary>Wrong codes of one address across all its codes, and the lock they led to.</summary>
    [GenerateSerializer, Alias("ds.FailureRecord")]
    public sealed record FailureRecord(
        [property: Id(0)] IReadOnlyList<DateTimeOffset> Recent, [property: Id(1)] DateTimeOffset? LockedUntil, [property: Id(2)] int Locks)
    {
        public static readonly FailureRecord None = new([], null, 0);
    }

    /// <summary>A locked address gets no code and no sign-in, whatever code it holds, until the lock ends.</summary>
    public static void EnsureUnlocked(FailureRecord record, DateTimeOffset now)
    {
        if (record.LockedUntil is { } until && now < until)
            throw DomainException.Exhausted(IdentityErrors.ContactLocked,
                $"Too many wrong codes for this address: sign-in is locked until {until:yyyy-MM-dd HH:mm} UTC; a new code does not lift the lock.",
                until - now);
    }

    /// <summary>
    /// Counts a wrong code against the address. Reaching the cap within the window locks it: 1 h the first time,
    /// four times longer each next time, at most <see cref="SignInOptions.MaxLock"/>.
    /// </summary>
    public static FailureRecord RecordFailure(FailureRecord record, DateTimeOffset now, SignInOptions options)
    {
        var recent = record.Recent.Where(t => t > now - options.FailureWindow).Append(now).ToList();
        if (recent.Count < options.MaxFailuresPerWindow) return record with { Recent = recent };
        var length = TimeSpan.FromTicks((long)Math.Min(options.MaxLock.Ticks, options.FirstLock.Ticks * Math.Pow(4, Math.Min(record.Locks, 20))));
        return new FailureRecord([], now + length, record.Locks + 1);
    }

    /// <summary>
    /// Issue 8: how long a contact that never signed in holds something worth keeping: its last request's lifetime,
    /// a code still valid, a lock (and MaxLock after it), a failure still counted. Null when it holds nothing.
    /// </summary>
    public static DateTimeOffset? KeepUntil(IReadOnlyList<DateTimeOffset> requests, PendingCode? pending, FailureRecord failures, SignInOptions options)
    {
        DateTimeOffset? until = null;
        void Extend(DateTimeOffset? t)
        {
            if (t is { } v && (until is null || v > until)) until = v;
        }

        if (requests.Count > 0) Extend(requests.Max() + options.UnverifiedContactLifetime);
        Extend(pending?.ExpiresAt);
        // An address once locked is remembered a while longer, so waiting does not reset the escalation of its locks.
        if (failures.LockedUntil is { } locked) Extend(locked + options.MaxLock);
        if (failures.Recent.Count > 0) Extend(failures.Recent.Max() + options.FailureWindow);
        return until;
    }

    private static byte[] Hash(byte[] salt, string code) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(code));
}
