using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

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

[CliCommand("school update", "Edit a school's information; only the options given change (administrators; ORG-2)")]
[CliExample("school", "update", "SCHOOL_ID", "--journal-url", "https://journal.example/school5")]
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
        SchoolView.Write(output, school.School, await PeopleNames.OfSchoolAsync(connection, output, settings.SchoolId));
        return ExitCodes.Ok;
    }
}
