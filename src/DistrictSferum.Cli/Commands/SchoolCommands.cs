using System.ComponentModel;
using System.Globalization;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

/// <summary><c>school register|list|show|update</c>: the district's register of schools (RULES ORG-1, ORG-2).</summary>
internal static class SchoolCommands
{
    public static void Register(IConfigurator config) =>
        config.AddBranch("school", school =>
        {
            school.SetDescription("Register, list, show and edit schools");
            school.AddCommand<RegisterSchoolCommand>("register")
                .WithDescription("Register a school from its application (district operators; ORG-1)")
                .WithExample("school", "register", "--name", "\"School No. 5\"", "--admin-name", "\"Anna Ivanova\"", "--admin-email", "a@school5.example",
                    "--admin-phone", "+79991234567", "--order-number", "12-K", "--order-date", "2025-08-28");
            school.AddCommand<ListSchoolsCommand>("list").WithDescription("List the district's schools in registration order (district operators)");
            school.AddCommand<ShowSchoolCommand>("show").WithDescription("Show a school, with its application to its administrators and operators");
            school.AddCommand<UpdateSchoolCommand>("update")
                .WithDescription("Edit a school's information; only the options given change (administrators; ORG-2)")
                .WithExample("school", "update", "SCHOOL_ID", "--journal-url", "https://journal.example/school5");
        });
}

internal sealed class RegisterSchoolSettings : GlobalSettings
{
    [CommandOption("--name <NAME>", isRequired: true), Description("Full name of the school")]
    public string Name { get; set; } = "";

    [CommandOption("--short-name <NAME>"), Description("Short name")]
    public string? ShortName { get; set; }

    [CommandOption("--address <ADDRESS>"), Description("Postal address")]
    public string? Address { get; set; }

    [CommandOption("--timezone <IANA_ZONE>"), Description("IANA time zone; the server's default is Europe/Moscow")]
    public string? TimeZone { get; set; }

    [CommandOption("--journal-url <URL>"), Description("Link to the school's electronic journal/diary")]
    public string? JournalUrl { get; set; }

    [CommandOption("--admin-name <FULL_NAME>", isRequired: true), Description("The appointed administrator's full name")]
    public string AdminName { get; set; } = "";

    [CommandOption("--admin-email <EMAIL>", isRequired: true), Description("The administrator's e-mail")]
    public string AdminEmail { get; set; } = "";

    [CommandOption("--admin-phone <PHONE>", isRequired: true), Description("The administrator's mobile phone: they sign in with it")]
    public string AdminPhone { get; set; } = "";

    [CommandOption("--order-number <NUMBER>", isRequired: true), Description("Number of the director's order appointing the administrator")]
    public string OrderNumber { get; set; } = "";

    [CommandOption("--order-date <YYYY-MM-DD>", isRequired: true), Description("Date of that order")]
    public string OrderDate { get; set; } = "";

    public override ValidationResult Validate() =>
        DateOnly.TryParseExact(OrderDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? ValidationResult.Success()
            : ValidationResult.Error($"--order-date '{OrderDate}' is not a date like 2025-08-28");
}

internal sealed class RegisterSchoolCommand(CliEnvironment environment) : SferumCommand<RegisterSchoolSettings>(environment)
{
    protected override async Task<int> RunAsync(RegisterSchoolSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new RegisterSchoolRequest
        {
            Info = new SchoolInfo
            {
                Name = settings.Name,
                ShortName = settings.ShortName ?? "",
                Address = settings.Address ?? "",
                TimeZone = settings.TimeZone ?? "",
                JournalUrl = settings.JournalUrl ?? "",
            },
            AdminFullName = settings.AdminName,
            AdminEmail = settings.AdminEmail,
            AdminPhone = settings.AdminPhone,
            OrderNumber = settings.OrderNumber,
            OrderDate = settings.OrderDate,
        };
        var school = await new DistrictService.DistrictServiceClient(connection.Invoker).RegisterSchoolAsync(request, await connection.AuthorizedAsync());
        SchoolView.Write(output, school);
        return ExitCodes.Ok;
    }
}

internal sealed class ListSchoolsSettings : PagingSettings;

internal sealed class ListSchoolsCommand(CliEnvironment environment) : SferumCommand<ListSchoolsSettings>(environment)
{
    protected override async Task<int> RunAsync(ListSchoolsSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new DistrictService.DistrictServiceClient(connection.Invoker);
        var result = await Pager.FetchAsync(settings, async (size, token) =>
            await client.ListSchoolsAsync(new ListSchoolsRequest { PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
        Pager.Write(output, result, result.Schools.Count, "school(s)", () =>
        {
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn(new TableColumn("Id").NoWrap()).AddColumns("Name", "Short name").AddColumn(new TableColumn("Registered").NoWrap());
            foreach (var school in result.Schools)
                table.AddTextRow(school.SchoolId, school.Name, school.ShortName, CliOutput.Date(school.RegisteredAt));
            return table;
        });
        return ExitCodes.Ok;
    }
}

internal sealed class ShowSchoolCommand(CliEnvironment environment) : SferumCommand<SchoolIdSettings>(environment)
{
    protected override async Task<int> RunAsync(SchoolIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var school = await new SchoolService.SchoolServiceClient(connection.Invoker)
            .GetSchoolAsync(new GetSchoolRequest { SchoolId = settings.SchoolId }, await connection.AuthorizedAsync());
        SchoolView.Write(output, school);
        return ExitCodes.Ok;
    }
}

internal sealed class UpdateSchoolSettings : SchoolIdSettings
{
    [CommandOption("--name <NAME>"), Description("New full name")]
    public string? Name { get; set; }

    [CommandOption("--short-name <NAME>"), Description("New short name")]
    public string? ShortName { get; set; }

    [CommandOption("--address <ADDRESS>"), Description("New postal address")]
    public string? Address { get; set; }

    [CommandOption("--timezone <IANA_ZONE>"), Description("New IANA time zone")]
    public string? TimeZone { get; set; }

    [CommandOption("--journal-url <URL>"), Description("New link to the electronic journal/diary")]
    public string? JournalUrl { get; set; }

    [CommandOption("--objection-window-hours <HOURS>"), Description("ETH-7: hours members have to object to an early unblock (1-168)")]
    public int? ObjectionWindowHours { get; set; }

    public override ValidationResult Validate() =>
        Name is null && ShortName is null && Address is null && TimeZone is null && JournalUrl is null && ObjectionWindowHours is null
            ? ValidationResult.Error("nothing to change: give at least one of --name, --short-name, --address, --timezone, --journal-url, --objection-window-hours")
            : ValidationResult.Success();
}

internal sealed class UpdateSchoolCommand(CliEnvironment environment) : SferumCommand<UpdateSchoolSettings>(environment)
{
    protected override async Task<int> RunAsync(UpdateSchoolSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        // proto3 optional fields: only what was given is set, so the server leaves the rest unchanged.
        var request = new UpdateSchoolRequest { SchoolId = settings.SchoolId };
        if (settings.Name is not null) request.Name = settings.Name;
        if (settings.ShortName is not null) request.ShortName = settings.ShortName;
        if (settings.Address is not null) request.Address = settings.Address;
        if (settings.TimeZone is not null) request.TimeZone = settings.TimeZone;
        if (settings.JournalUrl is not null) request.JournalUrl = settings.JournalUrl;
        if (settings.ObjectionWindowHours is { } hours) request.ObjectionWindowHours = hours;
        var school = await new SchoolService.SchoolServiceClient(connection.Invoker).UpdateSchoolAsync(request, await connection.AuthorizedAsync());
        SchoolView.Write(output, school);
        return ExitCodes.Ok;
    }
}

/// <summary>One school as JSON or as a field/value table (the application only when the server sent it).</summary>
internal static class SchoolView
{
    public static void Write(CliOutput output, School school)
    {
        if (output.Json)
        {
            output.WriteJson(school);
            return;
        }

        var info = school.Info ?? new SchoolInfo();
        var rows = new List<(string, string)>
        {
            ("Id", school.SchoolId),
            ("Name", info.Name),
            ("Short name", info.ShortName),
            ("Address", info.Address),
            ("Time zone", info.TimeZone),
            ("Journal", info.JournalUrl),
            ("Objection window", $"{info.ObjectionWindowHours} h"),
            ("Registered", CliOutput.Time(school.RegisteredAt)),
            ("Administrators", string.Join(", ", school.AdministratorIds)),
        };
        if (school.Application is { } application)
        {
            rows.Add(("Application: administrator", application.AdminFullName));
            rows.Add(("Application: e-mail", application.AdminEmail));
            rows.Add(("Application: phone", application.AdminPhone));
            rows.Add(("Application: order", $"No. {application.OrderNumber} of {application.OrderDate}"));
        }

        output.Write(CliOutput.KeyValues(rows));
    }
}
