using System.Net.Sockets;
using System.Text.RegularExpressions;
using Google.Rpc;
using Grpc.Core;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>The one place a failure becomes a line on stderr and an exit code (see <see cref="ExitCodes"/>).</summary>
internal static partial class ErrorReporter
{
    public static int Report(Exception exception, TextWriter error)
    {
        var (message, hint, code) = Describe(exception);
        error.WriteLine($"error: {message}");
        if (hint is not null) error.WriteLine($"hint: {hint}");
        error.Flush();
        return code;
    }

    private static (string Message, string? Hint, int ExitCode) Describe(Exception exception) => exception switch
    {
        CliException e => (e.Message, e.Hint, e.ExitCode),
        CommandAppException e when e.Message.Contains("argument 'SCHOOL_ID'", StringComparison.Ordinal) =>
            (e.Message, "give SCHOOL_ID (`sferumctl whoami` lists your schools with their ids) or choose a school once with `sferumctl use SCHOOL`", ExitCodes.Usage),
        CommandAppException e => (e.Message, "see `sferumctl --help`", ExitCodes.Usage),
        RpcException e => DescribeRpc(e),
        OperationCanceledException => ("cancelled", null, ExitCodes.Failure),
        _ when Find<SocketException>(exception) is { } socket => ($"{exception.Message} ({socket.Message})", null, ExitCodes.Unavailable),
        _ => (exception.Message, null, ExitCodes.Failure),
    };

    /// <summary><c>PERMISSION_DENIED: message (reason CODE, rule ORG-1)</c>, from the google.rpc.Status details when sent.</summary>
    private static (string, string?, int) DescribeRpc(RpcException e)
    {
        var status = e.GetRpcStatus();
        var text = $"{CodeName(e.StatusCode)}: {status?.Message ?? e.Status.Detail}";
        if (status?.GetDetail<ErrorInfo>() is { } info)
        {
            var parts = new List<string>();
            if (info.Reason.Length > 0) parts.Add($"reason {info.Reason}");
            if (info.Metadata.TryGetValue("rule", out var rule)) parts.Add($"rule {rule}");
            if (parts.Count > 0) text += $" ({string.Join(", ", parts)})";
        }

        var hint = e.StatusCode == StatusCode.Unauthenticated ? CliException.LoginHint : null;
        return (text, hint, ExitCodes.For(e.StatusCode));
    }

    /// <summary>PermissionDenied → PERMISSION_DENIED, the spelling of the gRPC spec.</summary>
    private static string CodeName(StatusCode code) => WordStart().Replace(code.ToString(), "_$1").ToUpperInvariant();

    private static T? Find<T>(Exception? e) where T : Exception =>
        e switch { null => null, T found => found, _ => Find<T>(e.InnerException) };

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex WordStart();
}
