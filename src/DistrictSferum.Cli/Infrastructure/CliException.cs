namespace DistrictSferum.Cli.Infrastructure;

/// <summary>A failure sferumctl explains itself: printed as <c>error: message</c> (plus a hint) and exiting with the given code.</summary>
internal sealed class CliException(string message, int exitCode, string? hint = null, Exception? inner = null)
    : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
    public string? Hint { get; } = hint;

    public const string LoginHint = "run `sferumctl login --contact PHONE_OR_EMAIL`";

    public static CliException Usage(string message) => new(message, ExitCodes.Usage, "see `sferumctl --help`");
}
