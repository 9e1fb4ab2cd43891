using DistrictSferum.Contracts.Errors;

namespace DistrictSferum.Contracts.Chats;

/// <summary>
/// CHAT-4: a send's idempotency key is 1 to 64 characters of [A-Za-z0-9_-], checked in the gateway and again by
/// the chat. Nothing else reaches the log's unique index: no NUL, no control, bidi or other invisible character.
/// </summary>
public static class ClientKeys
{
    public const int MaxLength = 64;

    public static bool IsValid(string? key) =>
        key is { Length: >= 1 and <= MaxLength } && key.All(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '-');

    public static string Require(string? key) => IsValid(key)
        ? key!
        : throw DomainException.Invalid(ChatErrors.ClientKeyInvalid, $"Each send carries a client idempotency key of 1 to {MaxLength} characters A-Z, a-z, 0-9, '_' or '-'.", Rules.Chat4);
}
