using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class CreateClassSettings : SchoolIdSettings
{
    [CommandOption("--request-id <ID>"), Description(RequestIdOption.Description)]
    public string? RequestId { get; set; }

    [CommandArgument(1, "<NAME>"), Description("A grade class: a grade 1-11 and a letter (\"5А\"); a group: any name")]
    public string Name { get; set; } = "";

    [CommandOption("--kind <KIND>"), Description("grade (default) or additional (additional education)"), DefaultValue("grade")]
    public string Kind { get; set; } = "grade";

    [CommandOption("--year <N>"), Description("The year the academic year starts in (2026 for 2026/27); default: the current one")]
    public int? Year { get; set; }

    public override ValidationResult Validate() =>
        SchoolLabels.Parse(SchoolLabels.CreatableClassKinds, Kind) is null
            ? ValidationResult.Error($"--kind must be {SchoolLabels.Choices(SchoolLabels.CreatableClassKinds)}, not '{Kind}'")
            : Year is <= 0 ? ValidationResult.Error("--year must be a year like 2026") : ValidationResult.Success();
}

[CliCommand("class create", "Create a grade class (\"5А\") or an additional-education group (administrators; ORG-4)")]
[CliExample("class", "create", "SCHOOL_ID", "5А")]
[CliExample("class", "create", "SCHOOL_ID", "\"Robotics\"", "--kind", "additional", "--year", "2026")]
internal sealed class CreateClassCommand(CliEnvironment environment) : SferumCommand<CreateClassSettings>(environment)
{
    protected override async Task<int> RunAsync(CreateClassSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new CreateClassRequest
        {
            SchoolId = settings.SchoolId,
            Name = settings.Name,
            Kind = SchoolLabels.Parse(SchoolLabels.CreatableClassKinds, settings.Kind)!.Value,
            AcademicYear = settings.Year ?? 0,
            ClientRequestId = settings.RequestId ?? "",
        };
        ClassView.Write(output, (await new ClassService.ClassServiceClient(connection.Invoker).CreateClassAsync(request, await connection.AuthorizedAsync())).Class);
        return ExitCodes.Ok;
    }
}
