using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class LoginSettings : GlobalSettings
{
    [CommandOption("--contact <PHONE_OR_EMAIL>", isRequired: true)]
    [Description("Phone number (+79991234567) or e-mail address the code is sent to")]
    public string Contact { get; set; } = "";

    [CommandOption("--name <NAME>")]
    [Description("Your name as others in the school see it, for a first sign-in (never your phone or e-mail)")]
    public string? Name { get; set; }

    [CommandOption("--child-name <NAME>")]
    [Description("A primary-school pupil signing in with a parent's e-mail as --contact: the pupil's name (REG-3); the code goes to the parent")]
    public string? ChildName { get; set; }

    [CommandOption("--code <CODE>")]
    [Description("A code already received: skips requesting a new one and the prompt")]
    public string? Code { get; set; }
}

[CliCommand("login", "Sign in with a one-time code sent to a phone or e-mail; saves the login for later commands")]
[CliExample("login", "--contact", "+79991234567", "--name", "\"Анна Иванова\"")]
[CliExample("login", "--contact", "parent@example.org", "--child-name", "\"Маша Петрова\"")]
[CliExample("login", "--server", "https://sferum.district.example", "--contact", "operator@district.example")]
internal sealed class LoginCommand(CliEnvironment environment) : SferumCommand<LoginSettings>(environment)
{
    protected override async Task<int> RunAsync(LoginSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var auth = new AuthService.AuthServiceClient(connection.Invoker);
        var code = settings.Code;
        if (string.IsNullOrWhiteSpace(code))
        {
            var sent = await auth.RequestCodeAsync(new RequestCodeRequest { Contact = settings.Contact, ChildName = ChildName(settings) }, connection.Anonymous);
            var to = settings.ChildName is null ? settings.Contact : $"{settings.Contact} (the parent of {ChildName(settings)})";
            code = Ask(settings, $"Code sent to {to} ({sent.CodeLength} digits, valid until {CliOutput.Time(sent.ExpiresAt)}):");
        }

        var tokens = (await auth.SignInAsync(
            new SignInRequest
            {
                Contact = settings.Contact,
                Code = code.Trim(),
                ChildName = ChildName(settings),
                DisplayName = settings.Name?.Trim() ?? "",
                DeviceLabel = $"sferumctl on {System.Environment.MachineName}"
            }, connection.Anonymous)).Tokens;
        var config = connection.Store.Load().WithTokens(connection.Server, tokens);
        connection.Store.Save(config);
        connection.Store.Use(connection.Context);

        if (output.Json)
            output.WriteJson(new { config.Server, config.UserId, config.AccessExpiresAt, config.RefreshExpiresAt });
        else
            output.Line($"Signed in to {config.Server} as user {config.UserId}; the login lasts until {CliOutput.Time(config.RefreshExpiresAt)}.");
        return ExitCodes.Ok;
    }

    private static string ChildName(LoginSettings settings) => settings.ChildName?.Trim() ?? "";

    /// <summary>This login again with <c>--code CODE</c>: every option kept (a first sign-in's --name above all), quoted for a shell.</summary>
    internal static string RepeatWithCode(LoginSettings settings)
    {
        var words = new List<string> { "sferumctl", "login" };
        if (settings.Server is not null) words.AddRange(["--server", settings.Server]);
        words.AddRange(["--contact", settings.Contact]);
        if (settings.Name is not null) words.AddRange(["--name", settings.Name]);
        if (settings.ChildName is not null) words.AddRange(["--child-name", settings.ChildName]);
        return Shell.Join(words) + " --code CODE";
    }

    private string Ask(LoginSettings settings, string prompt)
    {
        if (Environment.Prompt is { } answer) return answer(prompt);
        if (!Environment.Console.Profile.Capabilities.Interactive)
            throw new CliException($"a code was sent to {settings.Contact}, but there is no terminal to enter it on", ExitCodes.Usage,
                $"run `{RepeatWithCode(settings)}`");
        return Environment.Console.Prompt(new TextPrompt<string>(Markup.Escape(prompt)));
    }
}
