using System.ComponentModel;
using System.Globalization;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class RegisterSchoolSettings : GlobalSettings
{
    [CommandOption("--request-id <ID>"), Description(RequestIdOption.Description)]
    public string? RequestId { get; set; }

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

[CliCommand("school register", "Register a school from its application (district operators; ORG-1)")]
[CliExample("school", "register", "--name", "\"School No. 5\"", "--admin-name", "\"Anna Ivanova\"", "--admin-email", "a@school5.example", "--admin-phone", "+79991234567", "--order-number", "12-K", "--order-date", "2025-08-28")]
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
            ClientRequestId = settings.RequestId ?? "",
        };
        var school = await new DistrictService.DistrictServiceClient(connection.Invoker).RegisterSchoolAsync(request, await connection.AuthorizedAsync());
        SchoolView.Write(output, school.School);
        return ExitCodes.Ok;
    }
}
