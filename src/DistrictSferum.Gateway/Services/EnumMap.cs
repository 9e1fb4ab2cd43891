using System.Reflection;
using DistrictSferum.Contracts.Errors;
using Google.Protobuf.Reflection;

namespace DistrictSferum.Gateway.Services;

/// <summary>
/// An explicit table between a wire enum and a domain enum. Numbers never cross: the wire's numbering (with its
/// <c>_UNSPECIFIED = 0</c>) and the numbers the domain stores (grain state, chat_events.kind) change independently.
/// </summary>
public sealed class EnumMap<TWire, TDomain>
    where TWire : struct, Enum
    where TDomain : struct, Enum
{
    private readonly Dictionary<TWire, TDomain> toDomain;
    private readonly Dictionary<TDomain, TWire> toWire;
    private readonly string invalidCode;

    /// <param name="invalidCode">The error code for a number the table does not know.</param>
    /// <param name="pairs">Every wire value with its domain value.</param>
    public EnumMap(string invalidCode, params (TWire Wire, TDomain Domain)[] pairs)
    {
        this.invalidCode = invalidCode;
        toDomain = pairs.ToDictionary(p => p.Wire, p => p.Domain);
        toWire = pairs.ToDictionary(p => p.Domain, p => p.Wire);
    }

    public IReadOnlyCollection<TWire> WireValues => toDomain.Keys;

    public IReadOnlyCollection<TDomain> DomainValues => toWire.Keys;

    /// <summary>A required enum field: unspecified (0) or unknown is INVALID_ARGUMENT naming <paramref name="field"/>.</summary>
    public TDomain ToDomain(TWire wire, string field)
    {
        if (toDomain.TryGetValue(wire, out var domain)) return domain;
        throw Convert.ToInt32(wire, System.Globalization.CultureInfo.InvariantCulture) == 0
            ? DomainException.InvalidField(field, CommonErrors.FieldRequired, $"{field} must be set (one of {Names}).")
            : DomainException.InvalidField(field, invalidCode, $"{field} must be one of {Names}.");
    }

    /// <summary>An optional enum field (a filter): unspecified is null, unknown is INVALID_ARGUMENT.</summary>
    public TDomain? ToOptionalDomain(TWire wire, string field) =>
        Convert.ToInt32(wire, System.Globalization.CultureInfo.InvariantCulture) == 0 ? null : ToDomain(wire, field);

    /// <summary>Every domain value has a wire value (a test checks the tables are complete).</summary>
    public TWire ToWire(TDomain domain) =>
        toWire.TryGetValue(domain, out var wire) ? wire : throw new InvalidOperationException($"{typeof(TDomain).Name}.{domain} has no wire value.");

    private string Names => string.Join(", ", toDomain.Keys.Select(WireName));

    /// <summary>The value's name as the protos spell it (CHAT_KIND_SUBJECT), which is what clients see.</summary>
    private static string WireName(TWire value) =>
        typeof(TWire).GetField(value.ToString())?.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? value.ToString();
}
