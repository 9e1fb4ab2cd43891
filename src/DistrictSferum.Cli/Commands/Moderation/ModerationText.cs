using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Cli.Commands;

/// <summary>Rule clauses as people read them: <c>2 "Stay on topic."</c>.</summary>
internal static class ModerationText
{
    /// <summary>A block cites more than this many violations (ETH-6).</summary>
    public const int BlockThreshold = 3;

    public static string Clause(Violation v) => v.ClauseText.Length > 0 ? $"{v.Clause} \"{v.ClauseText}\"" : v.Clause.ToString();

    /// <summary>The clause with its text from the chat's current rules; just the number when they cannot be read.</summary>
    public static async Task<string> ClauseAsync(ServerConnection connection, string chatId, int clause)
    {
        try
        {
            var chat = (await new ChatService.ChatServiceClient(connection.Invoker).GetChatAsync(
                new GetChatRequest { ChatId = chatId }, await connection.AuthorizedAsync())).Chat;
            var clauses = chat.Rules?.Clauses;
            return clauses is not null && clause <= clauses.Count ? $"{clause} \"{clauses[clause - 1]}\"" : clause.ToString();
        }
        catch (RpcException)
        {
            return clause.ToString();
        }
    }
}
