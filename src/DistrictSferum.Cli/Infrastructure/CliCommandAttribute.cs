namespace DistrictSferum.Cli.Infrastructure;

/// <summary>
/// Registers a command class under its command line path (<c>"chat send"</c>): <see cref="CommandTree"/> finds every
/// class carrying it, so adding a command is adding one file. The group a path starts with is described in
/// <c>Commands/CommandGroups.cs</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class CliCommandAttribute(string path, string description) : Attribute
{
    /// <summary>The words after <c>sferumctl</c> that run the command, e.g. <c>"chat send"</c>.</summary>
    public string Path { get; } = path;

    /// <summary>One line for <c>--help</c>.</summary>
    public string Description { get; } = description;

    /// <summary>Left out of help and completion (internal plumbing such as <c>__complete</c>).</summary>
    public bool Hidden { get; init; }
}

/// <summary>
/// An example command line shown in the command's <c>--help</c>, one token per argument (quotes inside a token are
/// shown as typed and taken off when a test runs the example). Every example is parsed by a test, so none can rot.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
internal sealed class CliExampleAttribute(params string[] args) : Attribute
{
    public IReadOnlyList<string> Args { get; } = args;
}
