using System.Reflection;
using DistrictSferum.Cli.Commands;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>An option as its settings property declares it: <c>--page-size &lt;N&gt;</c>, <c>-o|--output &lt;FORMAT&gt;</c>, <c>--json</c>.</summary>
internal sealed record CliOption(IReadOnlyList<string> LongNames, IReadOnlyList<string> ShortNames, string? ValueName, bool Required, string Description, Type Type)
{
    /// <summary>Takes the next token (or <c>=value</c>) as its value; flags do not.</summary>
    public bool TakesValue => ValueName is not null;

    /// <summary>The value is text, so a value beginning with '-' is still a value (a message "-5", a token "-abc").</summary>
    public bool TakesText => TakesValue && (Type == typeof(string) || Type == typeof(string[]));

    public string Display => "--" + LongNames[0];

    public IEnumerable<string> Spellings => LongNames.Select(n => "--" + n).Concat(ShortNames.Select(n => "-" + n));
}

/// <summary>A positional argument: <c>&lt;SCHOOL_ID&gt;</c>, <c>[CHATS]</c>.</summary>
internal sealed record CliArgument(int Position, string Name, bool Required, bool Many, Type Type, string Description = "");

/// <summary>
/// A word of the command tree: a group (<c>chat</c>) with commands under it, or a command (<c>chat send</c>) with its
/// class, options and arguments, all read from the attributes on the command and its settings.
/// </summary>
internal sealed class CliNode(string name, CliNode? parent)
{
    public string Name { get; } = name;
    public CliNode? Parent { get; } = parent;
    public string? Description { get; set; }
    public Type? CommandType { get; set; }
    public Type? SettingsType { get; set; }
    public bool Hidden { get; set; }
    public List<CliNode> Children { get; } = [];
    public List<IReadOnlyList<string>> Examples { get; } = [];
    public IReadOnlyList<CliOption> Options { get; set; } = [];
    public IReadOnlyList<CliArgument> Arguments { get; set; } = [];

    public bool IsCommand => CommandType is not null;

    /// <summary>"chat send" (empty for the root).</summary>
    public string Path => Parent is null ? "" : Parent.Parent is null ? Name : $"{Parent.Path} {Name}";

    public CliNode? Child(string name) => Children.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public CliOption? Option(string spelling) => Options.FirstOrDefault(o => o.Spellings.Contains(spelling, StringComparer.Ordinal));

    public IEnumerable<CliNode> Descendants() => Children.SelectMany(c => c.Descendants().Prepend(c));
}

/// <summary>
/// sferumctl's commands, found by <see cref="CliCommandAttribute"/>, in the order of <see cref="CommandGroups"/>. The same
/// tree configures Spectre.Console.Cli, checks command lines strictly (<see cref="CommandLine"/>), completes them in shells
/// and lets a test run every example: option lists are never kept by hand.
/// </summary>
internal static class CommandTree
{
    private static readonly Lazy<CliNode> Tree = new(Build);

    public static CliNode Root => Tree.Value;

    /// <summary>The options every command takes (<see cref="GlobalSettings"/>).</summary>
    public static IReadOnlyList<CliOption> GlobalOptions { get; } = OptionsOf(typeof(GlobalSettings));

    /// <summary>Registers every command with Spectre.Console.Cli.</summary>
    public static void Configure(IConfigurator config)
    {
        foreach (var node in Root.Children) Add(config, node);
    }

    /// <summary>The command or group the leading words of <paramref name="args"/> name, and how many words that took.</summary>
    public static (CliNode Node, int Words) Resolve(IReadOnlyList<string> args)
    {
        var node = Root;
        var words = 0;
        while (words < args.Count && !node.IsCommand && node.Child(args[words]) is { } child)
        {
            node = child;
            words++;
        }

        return (node, words);
    }

    private static void Add(IConfigurator config, CliNode node)
    {
        if (node.IsCommand)
        {
            var add = typeof(IConfigurator).GetMethod(nameof(IConfigurator.AddCommand))!.MakeGenericMethod(node.CommandType!);
            Describe((ICommandConfigurator)add.Invoke(config, [node.Name])!, node);
            return;
        }

        config.AddBranch(node.Name, branch =>
        {
            branch.SetDescription(node.Description ?? "");
            foreach (var child in node.Children) Add(branch, child);
        });
    }

    private static void Add(IConfigurator<CommandSettings> config, CliNode node)
    {
        if (node.IsCommand)
        {
            var add = typeof(IConfigurator<CommandSettings>).GetMethod(nameof(IConfigurator<CommandSettings>.AddCommand))!.MakeGenericMethod(node.CommandType!);
            Describe((ICommandConfigurator)add.Invoke(config, [node.Name])!, node);
            return;
        }

        config.AddBranch(node.Name, branch =>
        {
            branch.SetDescription(node.Description ?? "");
            foreach (var child in node.Children) Add(branch, child);
        });
    }

    private static void Describe(ICommandConfigurator command, CliNode node)
    {
        command.WithDescription(node.Description ?? "");
        foreach (var example in node.Examples) command.WithExample([.. example]);
        if (node.Hidden) command.IsHidden();
    }

    private static CliNode Build()
    {
        var root = new CliNode("sferumctl", null);
        var commands = typeof(CommandTree).Assembly.GetTypes()
            .Select(type => (Type: type, Attribute: type.GetCustomAttribute<CliCommandAttribute>()))
            .Where(c => c.Attribute is not null)
            .OrderBy(c => c.Attribute!.Path, StringComparer.Ordinal);
        foreach (var (type, attribute) in commands)
        {
            var node = root;
            foreach (var word in attribute!.Path.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (node.IsCommand) throw new InvalidOperationException($"'{attribute.Path}' is under the command '{node.Path}'");
                var child = node.Child(word);
                if (child is null) node.Children.Add(child = new CliNode(word, node));
                node = child;
            }

            if (node.IsCommand || node.Children.Count > 0) throw new InvalidOperationException($"'{attribute.Path}' is registered twice or is a group");
            node.CommandType = type;
            node.SettingsType = SettingsOf(type);
            node.Description = attribute.Description;
            node.Hidden = attribute.Hidden;
            node.Options = OptionsOf(node.SettingsType);
            node.Arguments = ArgumentsOf(node.SettingsType);
            node.Examples.AddRange(type.GetCustomAttributes<CliExampleAttribute>().Select(e => e.Args));
            if (node.Examples.Count == 0 && !node.Hidden) node.Examples.Add(Synopsis(node));
        }

        var order = CommandGroups.Order.Select(g => g.Name).ToList();
        foreach (var (name, description) in CommandGroups.Order)
            if (root.Child(name) is { IsCommand: false } group) group.Description = description;
        root.Children.Sort((a, b) => Rank(a).CompareTo(Rank(b)) is var byRank and not 0 ? byRank : string.CompareOrdinal(a.Name, b.Name));
        return root;

        int Rank(CliNode node) => order.IndexOf(node.Name) is var index and >= 0 ? index : order.Count;
    }

    /// <summary>The example of a command that has none: its path, required arguments and required options, as placeholders.</summary>
    private static IReadOnlyList<string> Synopsis(CliNode node) =>
        [.. node.Path.Split(' '), .. node.Arguments.Where(a => a.Required).Select(a => a.Name),
            .. node.Options.Where(o => o.Required).SelectMany(o => new[] { o.Display, o.ValueName ?? "" }.Where(w => w.Length > 0))];

    private static Type SettingsOf(Type commandType)
    {
        for (var type = commandType; type is not null; type = type.BaseType)
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(AsyncCommand<>)) return type.GetGenericArguments()[0];
        throw new InvalidOperationException($"{commandType} is not an AsyncCommand<TSettings>");
    }

    private static IReadOnlyList<CliOption> OptionsOf(Type settingsType) =>
        [.. settingsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Option: p.GetCustomAttribute<CommandOptionAttribute>()))
            .Where(p => p.Option is { IsHidden: false })
            .Select(p => new CliOption(p.Option!.LongNames.ToList(), p.Option.ShortNames.ToList(), p.Option.ValueName, p.Option.IsRequired,
                p.Property.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description ?? "", p.Property.PropertyType))
            .OrderBy(o => o.LongNames.FirstOrDefault(), StringComparer.Ordinal)];

    private static IReadOnlyList<CliArgument> ArgumentsOf(Type settingsType) =>
        [.. settingsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Argument: p.GetCustomAttribute<CommandArgumentAttribute>()))
            .Where(p => p.Argument is not null)
            .Select(p => new CliArgument(p.Argument!.Position, p.Argument.ValueName, p.Argument.IsRequired, p.Property.PropertyType.IsArray, p.Property.PropertyType,
                p.Property.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description ?? ""))
            .OrderBy(a => a.Position)];
}
