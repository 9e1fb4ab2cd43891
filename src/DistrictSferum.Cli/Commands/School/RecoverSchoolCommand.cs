using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class RecoverSchoolSettings : SchoolIdSettings
{
    [CommandOption("--admin-name <FULL_NAME>", isRequired: true), Description("The new administrator's full name")]
    public string AdminName { get; set; } = "";

    [CommandOption("--admin-email <EMAIL>", isRequired: true), Description("The new administrator's e-mail")]
    public string AdminEmail { get; set; } = "";

    [CommandOption("--admin-phone <PHONE>", isRequired: true), Description("The new administrator's mobile phone: they sign in with it")]
    public string AdminPhone { get; set; } = "";

    [CommandOption("--order-number <NUMBER>", isRequired: true), Description("The director's order appointing them")]
    public string OrderNumber { get; set; } = "";

    [CommandOption("--order-date <YYYY-MM-DD>", isRequired: true), Description("The order's date")]
    public string OrderDate { get; set; } = "";
}

[CliCommand("school recover", "Appoint a new administrator from an updated application when the school's are gone (district operators; ORG-1, audited)")]
[CliExample("school", "recover", "SCHOOL_ID", "--admin-name", "\"Anna Petrova\"", "--admin-email", "anna@school.example", "--admin-phone", "+79991234567",
    "--order-number", "17", "--order-date", "2026-11-20")]
internal sealed class RecoverSchoolCommand(CliEnvironment environment) : SferumCommand<RecoverSchoolSettings>(environment)
{
    protected override async Task<int> RunAsync(RecoverSchoolSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new SchoolOversightService.SchoolOversightServiceClient(connection.Invoker).RecoverSchoolAsync(new RecoverSchoolRequest
        {
            SchoolId = settings.SchoolId,
            AdminFullName = settings.AdminName,
            AdminEmail = settings.AdminEmail,
            AdminPhone = settings.AdminPhone,
            OrderNumber = settings.OrderNumber,
            OrderDate = settings.OrderDate,
        }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"{settings.AdminName} is an administrator of {response.School.Info.Name}; they sign in with {settings.AdminPhone}.");
        return ExitCodes.Ok;
    }
}
