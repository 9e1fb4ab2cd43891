using System.ComponentModel;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>The options of every list command: <c>--page-size</c>, <c>--page-token</c> and <c>--all</c>.</summary>
internal class PagingSettings : GlobalSettings
{
    [CommandOption("--page-size <N>"), Description("Items per page (server default 50, at most 500)")]
    public int? PageSize { get; set; }

    [CommandOption("--page-token <TOKEN>"), Description("Continue from a previous page's next-page token")]
    public string? PageToken { get; set; }

    [CommandOption("--all"), Description("Fetch every page")]
    public bool All { get; set; }

    public override ValidationResult Validate() =>
        PageSize is <= 0 ? ValidationResult.Error("--page-size must be a positive number") : ValidationResult.Success();
}

/// <summary>
/// Paging for list RPCs: every list response has its items in repeated fields and a <c>next_page_token</c>, so one page,
/// or with <c>--all</c> every page, comes back as one response of the same type.
/// </summary>
internal static class Pager
{
    /// <summary>
    /// Calls <paramref name="fetchPage"/> (page size, page token) once, or until the last page with <c>--all</c>; the pages'
    /// items are concatenated and the result's next-page token is the last page's.
    /// </summary>
    public static Task<TResponse> FetchAsync<TResponse>(PagingSettings settings, Func<int, string, Task<TResponse>> fetchPage)
        where TResponse : IMessage<TResponse>, new() =>
        FetchAsync(settings.PageSize ?? 0, settings.PageToken ?? "", settings.All, fetchPage);

    /// <summary>As above, with the paging given directly (0: the server's page size).</summary>
    public static async Task<TResponse> FetchAsync<TResponse>(int pageSize, string pageToken, bool all, Func<int, string, Task<TResponse>> fetchPage)
        where TResponse : IMessage<TResponse>, new()
    {
        var result = new TResponse();
        var next = NextPageTokenField(result);
        var token = pageToken;
        do
        {
            var page = await fetchPage(pageSize, token);
            result.MergeFrom(page);
            token = (string)next.Accessor.GetValue(page);
            next.Accessor.SetValue(result, token);
        }
        while (all && token.Length > 0);

        return result;
    }

    /// <summary>
    /// A fetched list: as JSON the whole response; else the table (built only then) and a line counting the items,
    /// with how to get the next page when there is one.
    /// </summary>
    public static void Write(CliOutput output, IMessage response, int count, string noun, Func<Table> table)
    {
        if (output.Json)
        {
            output.WriteJson(response);
            return;
        }

        output.Write(table());
        var token = (string)NextPageTokenField(response).Accessor.GetValue(response);
        if (token.Length > 0) output.Note($"{count} shown; more with --page-token {token} (or --all)");
        else if (!output.ForScripts) output.Line($"{count} {noun}.");
    }

    private static FieldDescriptor NextPageTokenField(IMessage message) =>
        message.Descriptor.FindFieldByName("next_page_token")
        ?? throw new InvalidOperationException($"{message.Descriptor.FullName} has no next_page_token");
}
