using System.Text;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>
/// docs/sferumctl.md: every command with its arguments, options and examples, rendered from <see cref="CommandTree"/> (the
/// attributes on the commands and their settings), so the documented option lists are never kept by hand. A test compares
/// the committed file with this rendering.
/// </summary>
internal static class CommandReference
{
    public static string Markdown()
    {
        var text = new StringBuilder();
        text.Append("# sferumctl command reference\n\n");
        text.Append("Generated from the commands' attributes by `CommandReference` (a test fails when it is out of date; regenerate with\n");
        text.Append("`SFERUM_WRITE_SFERUMCTL_MD=1 dotnet test tests/DistrictSferum.Tests --filter CliReference`). `sferumctl COMMAND --help`\n");
        text.Append("shows the same.\n\n");
        text.Append("## Options of every command\n\n");
        Options(text, CommandTree.GlobalOptions);
        foreach (var group in CommandTree.Root.Children.Where(c => !c.Hidden))
        {
            text.Append($"## {group.Name}\n\n");
            if (!group.IsCommand && group.Description is { Length: > 0 } about) text.Append(Escape(about)).Append("\n\n");
            foreach (var command in (group.IsCommand ? [group] : group.Descendants()).Where(c => c.IsCommand && !c.Hidden)) Command(text, command);
        }

        return text.ToString();
    }

    private static void Command(StringBuilder text, CliNode command)
    {
        text.Append($"### sferumctl {command.Path}\n\n");
        text.Append(Escape(command.Description ?? "")).Append("\n\n");
        var usage = string.Join(" ", command.Arguments.Select(a => a.Required ? $"<{a.Name}>" : $"[{a.Name}]"));
        text.Append($"Usage: `sferumctl {command.Path}{(usage.Length > 0 ? " " + usage : "")}{(command.Options.Count > 0 ? " [OPTIONS]" : "")}`\n\n");
        if (command.Arguments.Count > 0)
        {
            text.Append("| argument | meaning |\n|---|---|\n");
            foreach (var argument in command.Arguments)
                text.Append($"| `{argument.Name}`{(argument.Required ? "" : " (optional)")}{(argument.Many ? " (several)" : "")} | {Escape(argument.Description)} |\n");
            text.Append('\n');
        }

        Options(text, [.. command.Options.Where(o => CommandTree.GlobalOptions.All(g => g.Display != o.Display))]);
        text.Append("Examples:\n\n```\n");
        foreach (var example in command.Examples) text.Append("sferumctl ").Append(string.Join(" ", example)).Append('\n');
        text.Append("```\n\n");
    }

    private static void Options(StringBuilder text, IReadOnlyList<CliOption> options)
    {
        if (options.Count == 0) return;
        text.Append("| option | meaning |\n|---|---|\n");
        foreach (var option in options)
        {
            var spellings = string.Join(", ", option.ShortNames.Select(n => "-" + n).Concat(option.LongNames.Select(n => "--" + n)));
            var value = option.ValueName is { } name ? $" <{name}>" : "";
            text.Append($"| `{spellings}{value}`{(option.Required ? " (required)" : "")} | {Escape(option.Description)} |\n");
        }

        text.Append('\n');
    }

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
