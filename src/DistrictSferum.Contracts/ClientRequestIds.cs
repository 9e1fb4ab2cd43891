using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;

namespace DistrictSferum.Contracts;

/// <summary>
/// Issue 9: creating RPCs take an optional client request id. The id of what they create (and a link's secret) is a
/// keyed hash of (what, caller, request id), so a retry reaches the thing its first attempt made, durably and for as
/// long as that thing lives, with no table of request ids: the first attempt's result is found, never made twice,
/// even when the first attempt failed half-way (the create completes what is missing). Another caller's same request
/// id names something else; without the keyed hash's secret nobody can guess the ids or tokens.
/// </summary>
public static class ClientRequestIds
{
    /// <summary>Null when absent; else 1-64 characters of [A-Za-z0-9_-] (the send's client-key alphabet), or INVALID_ARGUMENT.</summary>
    public static string? Optional(string? requestId) => requestId switch
    {
        null or "" => null,
        _ when ClientKeys.IsValid(requestId) => requestId,
        _ => throw DomainException.InvalidField("client_request_id", CommonErrors.ClientRequestIdInvalid,
            $"client_request_id is 1 to {ClientKeys.MaxLength} characters A-Z, a-z, 0-9, '_' or '-' (or empty)."),
    };

    /// <summary>The id a create of <paramref name="what"/> by <paramref name="actorId"/> gets: derived from the request id, else new.</summary>
    public static string IdOf(ContactKeys keys, string what, string actorId, string? requestId) => requestId is null
        ? Guid.NewGuid().ToString("N")
        : Convert.ToHexStringLower(keys.Derive("request-ids/" + what, actorId + "\n" + requestId).AsSpan(0, 16));

    /// <summary>
    /// A link's id and secret (invite links, chat links, community links): derived from the request id, so a retry
    /// finds the link its first attempt made and answers the same secret; without one, a new id and a random secret.
    /// </summary>
    public static (string Id, string Secret) LinkOf(ContactKeys keys, string what, string actorId, string? requestId) => requestId is null
        ? (Guid.NewGuid().ToString("N"), LinkTokens.New())
        : (IdOf(keys, what, actorId, requestId), TokenOf(keys, what, actorId, requestId));

    /// <summary>A link's secret for the request: the same on a retry (the link keeps only its hash, so it cannot be read back).</summary>
    public static string TokenOf(ContactKeys keys, string what, string actorId, string requestId) =>
        Convert.ToBase64String(keys.Derive("request-tokens/" + what, actorId + "\n" + requestId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
