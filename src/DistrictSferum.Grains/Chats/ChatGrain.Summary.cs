using DistrictSferum.Contracts.Chats;
using Microsoft.Extensions.Logging;

namespace DistrictSferum.Grains.Chats;

/// <summary>
/// Issue 9 item 3: after each call the chat tells its school's register its summary when what a listing shows changed,
/// so listing a school's chats never activates them. One-way: the register may be busy handing a movement to this very
/// chat, and the chat must not wait on it.
/// </summary>
public sealed partial class ChatGrain : IIncomingGrainCallFilter
{
    private ChatView? publishedSummary;
    private DateTimeOffset publishedSummaryAt;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var turn = await EnterTurnAsync(context);
        try
        {
            await context.Invoke();
        }
        finally
        {
            ExitTurn(turn);
            PublishSummary();
        }
    }

    private void PublishSummary()
    {
        if (!Chat.Created || ChatAudience.IsCommunity(Chat.Kind)) return;
        if (ChatSummaries.Unchanged(publishedSummary, publishedSummaryAt, Chat, lastSeq, Now, ChatSummaries.ActivityInterval)) return;
        var current = View();
        if (!ChatSummaries.ShouldPublish(publishedSummary, publishedSummaryAt, current, Now, ChatSummaries.ActivityInterval)) return;
        try
        {
            _ = GrainFactory.GetGrain<ISchoolChatsSync>(Chat.SchoolId).UpdateSummary(current);
            (publishedSummary, publishedSummaryAt) = (current, Now);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The register backfills a missing summary from the chat itself on its next listing.
            logger.LogWarning(e, "Telling the register of school {SchoolId} the summary of chat {ChatId} failed", Chat.SchoolId, ChatId);
        }
    }
}
