namespace DistrictSferum.Cli.Infrastructure;

/// <summary>The <c>--request-id</c> option of the commands that create something (issue 9: creates are idempotent).</summary>
internal static class RequestIdOption
{
    public const string Description =
        "Makes the create safe to repeat: the same id (letters, digits, '-', '_', at most 64) answers the first result instead of creating again";
}
