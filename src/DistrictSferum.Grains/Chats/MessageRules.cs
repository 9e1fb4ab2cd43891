using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Grains.Common;
using DistrictSferum.Grains.Files;

namespace DistrictSferum.Grains.Chats;

/// <summary>Pure rules of what a message may be (CHAT-4, CHAT-7).</summary>
public static class MessageRules
{
    public const int MaxClientKey = ClientKeys.MaxLength;
    public const int MaxMentions = 50;
    public const int MaxAttachments = 10;

    public static SendMessage Normalize(SendMessage message, ChatOptions options, Func<string, bool> isMember)
    {
        var key = ClientKeys.Require(message.ClientKey);
        var attachments = FileRules.AttachmentIds(message.Attachments, MaxAttachments, Rules.Chat8);
        // CHAT-8: with files, the text is an optional caption.
        var body = attachments.Count > 0 ? TextRules.Optional(message.Body, "body", options.MaxMessageLength, Rules.Chat4, multiline: true) : Body(message.Body, options);
        if (message.ReplyTo is <= 0)
            throw DomainException.InvalidField("reply_to", ChatErrors.ReplyInvalid, "A reply names a message by its sequence number.", Rules.Chat4);
        var mentions = (message.Mentions ?? []).Distinct().ToList();
        if (mentions.Count > MaxMentions || mentions.Any(m => !isMember(m)))
            throw DomainException.InvalidField("mentions", ChatErrors.MentionInvalid, "Mentions name members of this chat (at most 50).", Rules.Chat4);
        return new SendMessage(key, body, message.ReplyTo, mentions, message.Apology, attachments);
    }

    /// <summary>Text only, bounded, NFC, without control or bidi-override characters: there is no promotional content type (CHAT-7).</summary>
    public static string Body(string? body, ChatOptions options) =>
        TextRules.Required(body, "body", options.MaxMessageLength, Rules.Chat4, multiline: true);
}

/// <summary>CHAT-7: a token bucket per member; spam is refused with RESOURCE_EXHAUSTED.</summary>
public sealed class SendRateLimiter(ChatOptions options) : MemberRateLimiter(options.SendBurst, options.SendsPerSecond,
    retry => DomainException.Exhausted(ChatErrors.SendRateLimited, "You are sending too fast; wait a moment.", retry, Rules.Chat7));

/// <summary>
/// Issue 9: joining and leaving a channel (each a joined/left event every member of the school receives) is metered
/// per member, in the shape of the gateway's per-user limits (a burst, then a steady rate).
/// </summary>
public sealed class ChannelMembershipLimiter(ChatOptions options) : MemberRateLimiter(options.ChannelMembershipBurst, options.ChannelMembershipPerSecond,
    retry => DomainException.Exhausted(ChatErrors.ChannelChurnLimited, $"Too many joins and leaves of this channel; retry in {Math.Ceiling(retry.TotalSeconds)} s.", retry, Rules.Org12));

/// <summary>A token bucket per member: <paramref name="burst"/> at once, then <paramref name="perSecond"/>; a refusal says when to retry.</summary>
public class MemberRateLimiter(int burst, double perSecond, Func<TimeSpan, DomainException> refusal)
{
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> buckets = [];

    public void Take(string userId, DateTimeOffset now)
    {
        var (tokens, at) = buckets.TryGetValue(userId, out var b) ? b : (burst, now);
        tokens = Math.Min(burst, tokens + Math.Max(0, (now - at).TotalSeconds) * perSecond);
        // Whole milliseconds, rounded up: a token a rounding error short must not say "retry in 0".
        if (tokens < 1) throw refusal(TimeSpan.FromMilliseconds(Math.Ceiling((1 - tokens) / perSecond * 1000)));
        buckets[userId] = (tokens - 1, now);
    }
}
