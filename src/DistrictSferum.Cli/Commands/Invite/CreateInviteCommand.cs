using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class CreateInviteSettings : SchoolIdSettings
{
    [CommandOption("--request-id <ID>"), Description(RequestIdOption.Description)]
    public string? RequestId { get; set; }

    [CommandArgument(1, "<CLASS_ID>"), Description("The class the link admits to (the staff room for teachers; see `class list`)")]
    public string ClassId { get; set; } = "";

    [CommandOption("--role <ROLE>", isRequired: true), Description("teacher, student or parent")]
    public string Role { get; set; } = "";

    [CommandOption("--student <STUDENT_ID>"), Description("For a parent's link: the child it links the parent to (REG-4)")]
    public string? StudentId { get; set; }

    [CommandOption("--days <N>"), Description("The link works for N days (default 7, at most 30)")]
    public int? Days { get; set; }

    [CommandOption("--hours <N>"), Description("The link works for N hours instead")]
    public int? Hours { get; set; }

    [CommandOption("--max-uses <N>"), Description("How many people may follow the link (default: one for teacher and parent links, no limit for student links)")]
    public int? MaxUses { get; set; }

    [CommandOption("--auto-accept"), Description("Admit whoever follows the link without review")]
    public bool AutoAccept { get; set; }

    public override ValidationResult Validate()
    {
        if (SchoolLabels.Parse(SchoolLabels.JoinRoles, Role) is null)
            return ValidationResult.Error($"--role must be {SchoolLabels.Choices(SchoolLabels.JoinRoles)}, not '{Role}'");
        if (Days is not null && Hours is not null) return ValidationResult.Error("give --days or --hours, not both");
        if (Days is <= 0 || Hours is <= 0) return ValidationResult.Error("--days and --hours must be positive numbers");
        return MaxUses is <= 0 ? ValidationResult.Error("--max-uses must be a positive number") : ValidationResult.Success();
    }

    public CreateInviteRequest ToRequest() => new()
    {
        SchoolId = SchoolId,
        ClassId = ClassId,
        Role = SchoolLabels.Parse(SchoolLabels.JoinRoles, Role)!.Value,
        StudentId = StudentId ?? "",
        Lifetime = Days is { } days ? Duration.FromTimeSpan(TimeSpan.FromDays(days))
            : Hours is { } hours ? Duration.FromTimeSpan(TimeSpan.FromHours(hours)) : null,
        MaxUses = MaxUses ?? 0,
        AutoAccept = AutoAccept,
        ClientRequestId = RequestId ?? "",
    };
}

[CliCommand("invite create", "Create an invite link to a class in a role; prints its token, shown only once (ORG-5)")]
[CliExample("invite", "create", "SCHOOL_ID", "STAFF_ROOM_ID", "--role", "teacher", "--days", "3")]
[CliExample("invite", "create", "SCHOOL_ID", "CLASS_ID", "--role", "parent", "--student", "STUDENT_ID", "--max-uses", "2")]
[CliExample("invite", "create", "SCHOOL_ID", "CLASS_ID", "--role", "student", "--hours", "2", "--auto-accept")]
internal sealed class CreateInviteCommand(CliEnvironment environment) : SferumCommand<CreateInviteSettings>(environment)
{
    protected override async Task<int> RunAsync(CreateInviteSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var created = await new InviteService.InviteServiceClient(connection.Invoker).CreateInviteAsync(settings.ToRequest(), await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(created);
            return ExitCodes.Ok;
        }

        InviteView.Write(output, created.Invite, await ClassNames.LoadAsync(connection, settings.SchoolId));
        output.Write(new Panel(new Text(created.Token, new Style(decoration: Decoration.Bold)))
            .Header("Invite token").Border(BoxBorder.Double).Padding(2, 1));
        output.Line("This token is shown only once: the server keeps only its hash. Send it to the invitees; they run");
        output.Line($"  sferumctl invite follow {created.Token}");
        return ExitCodes.Ok;
    }
}
