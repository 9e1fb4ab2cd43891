using System.ComponentModel;
using System.Globalization;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class SuspendSchoolSettings : SchoolIdSettings
{
    [CommandOption("--reason <TEXT>", isRequired: true), Description("Why: shown to the school's members with every refused change")]
    public string Reason { get; set; } = "";
}

[CliCommand("school suspend", "Suspend a school: read-only, with the reason shown to its members (district operators)")]
[CliExample("school", "suspend", "SCHOOL_ID", "--reason", "\"Licence check until 15 December\"")]
internal sealed class SuspendSchoolCommand(CliEnvironment environment) : SferumCommand<SuspendSchoolSettings>(environment)
{
    protected override async Task<int> RunAsync(SuspendSchoolSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new SchoolOversightService.SchoolOversightServiceClient(connection.Invoker).SuspendSchoolAsync(
            new SuspendSchoolRequest { SchoolId = settings.SchoolId, Reason = settings.Reason }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"The school is suspended and read-only: {response.Suspension.Reason}");
        return ExitCodes.Ok;
    }
}

[CliCommand("school resume", "End a school's suspension (district operators)")]
[CliExample("school", "resume", "SCHOOL_ID")]
internal sealed class ResumeSchoolCommand(CliEnvironment environment) : SferumCommand<SchoolIdSettings>(environment)
{
    protected override async Task<int> RunAsync(SchoolIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        await new SchoolOversightService.SchoolOversightServiceClient(connection.Invoker).ResumeSchoolAsync(
            new ResumeSchoolRequest { SchoolId = settings.SchoolId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(new { resumed = settings.SchoolId });
        else output.Line("The school is no longer suspended.");
        return ExitCodes.Ok;
    }
}

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

[CliCommand("school detail", "A school's live figures: members by role, classes, chats, last activity, suspension (district operators)")]
[CliExample("school", "detail", "SCHOOL_ID")]
internal sealed class SchoolDetailCommand(CliEnvironment environment) : SferumCommand<SchoolIdSettings>(environment)
{
    protected override async Task<int> RunAsync(SchoolIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var d = await new SchoolOversightService.SchoolOversightServiceClient(connection.Invoker).GetSchoolDetailAsync(
            new GetSchoolDetailRequest { SchoolId = settings.SchoolId }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(d);
            return ExitCodes.Ok;
        }

        string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        output.Write(CliOutput.KeyValues([
            ("School", d.School.Info.Name), ("Members", N(d.Members)), ("Administrators", N(d.Administrators)), ("Teachers", N(d.Teachers)),
            ("Students", N(d.Students)), ("Parents", N(d.Parents)), ("Classes", N(d.Classes)), ("Chats", N(d.Chats)),
            ("Last activity", d.LastActivity is null ? "none" : CliOutput.Time(d.LastActivity)),
            ("Suspended", d.Suspension is null ? "no" : $"since {CliOutput.Time(d.Suspension.Since)}: {d.Suspension.Reason}"),
        ]));
        return ExitCodes.Ok;
    }
}

internal sealed class SearchSchoolsSettings : PagingSettings
{
    [CommandArgument(0, "[QUERY]"), Description("Part of the name or short name (any case); empty: every school")]
    public string Query { get; set; } = "";
}

[CliCommand("school search", "Find schools by name or short name (district operators)")]
[CliExample("school", "search", "лицей")]
internal sealed class SearchSchoolsCommand(CliEnvironment environment) : SferumCommand<SearchSchoolsSettings>(environment)
{
    protected override async Task<int> RunAsync(SearchSchoolsSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new SchoolOversightService.SchoolOversightServiceClient(connection.Invoker);
        var options = await connection.AuthorizedAsync();
        var response = await Pager.FetchAsync(settings, async (size, token) =>
            await client.SearchSchoolsAsync(new SearchSchoolsRequest { Query = settings.Query, PageSize = size, PageToken = token }, options));
        Pager.Write(output, response, response.Schools.Count, "schools", () =>
        {
            var table = CliOutput.NewTable("School id", "Name", "Short name", "Registered");
            foreach (var s in response.Schools) table.AddTextRow(s.SchoolId, s.Name, s.ShortName, CliOutput.Date(s.RegisteredAt));
            return table;
        });
        return ExitCodes.Ok;
    }
}

internal sealed class AnnounceSettings : GlobalSettings
{
    [CommandOption("--subject <TEXT>", isRequired: true), Description("A short subject")]
    public string Subject { get; set; } = "";

    [CommandOption("--text <TEXT>", isRequired: true), Description("The announcement")]
    public string Text { get; set; } = "";
}

[CliCommand("school announce", "Announce to the administrators of every school: a ticket in each school's support queue (district operators)")]
[CliExample("school", "announce", "--subject", "Maintenance", "--text", "\"Saturday 22:00-23:00\"")]
internal sealed class AnnounceCommand(CliEnvironment environment) : SferumCommand<AnnounceSettings>(environment)
{
    protected override async Task<int> RunAsync(AnnounceSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new SchoolOversightService.SchoolOversightServiceClient(connection.Invoker).AnnounceToAdministratorsAsync(
            new AnnounceToAdministratorsRequest { Subject = settings.Subject, Text = settings.Text }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"Announced to the administrators of {response.Schools} schools.");
        return ExitCodes.Ok;
    }
}
