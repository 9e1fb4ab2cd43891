using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

/// <summary><c>invite create|list|revoke|annul-unused|follow</c>: role-bound invite links (RULES ORG-5, ORG-8, ORG-11, REG-4).</summary>
internal static class InviteCommands
{
    public static void Register(IConfigurator config) =>
        config.AddBranch("invite", branch =>
        {
            branch.SetDescription("Create, list and revoke invite links; follow one to ask to join a class");
            branch.AddCommand<CreateInviteCommand>("create")
                .WithDescription("Create an invite link to a class in a role; prints its token, shown only once (ORG-5)")
                .WithExample("invite", "create", "SCHOOL_ID", "STAFF_ROOM_ID", "--role", "teacher", "--days", "3")
                .WithExample("invite", "create", "SCHOOL_ID", "CLASS_ID", "--role", "parent", "--student", "STUDENT_ID", "--max-uses", "2")
                .WithExample("invite", "create", "SCHOOL_ID", "CLASS_ID", "--role", "student", "--hours", "2", "--auto-accept");
            branch.AddCommand<ListInvitesCommand>("list").WithDescription("List the school's invite links with their use counts (administrators)");
            branch.AddCommand<RevokeInviteCommand>("revoke").WithDescription("Revoke an invite link (administrators, or its creator; ORG-11)");
            branch.AddCommand<AnnulUnusedInvitesCommand>("annul-unused")
                .WithDescription("Revoke every invite link nobody used (administrators; ORG-11)")
                .WithExample("invite", "annul-unused", "SCHOOL_ID", "--older-than-days", "14");
            branch.AddCommand<FollowInviteCommand>("follow")
                .WithDescription("Follow an invite link: ask to join its class in its role (any signed-in user; ORG-8)")
                .WithExample("invite", "follow", "TOKEN");
        });
}

internal sealed class CreateInviteSettings : SchoolIdSettings
{
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

    [CommandOption("--max-uses <N>"), Description("How many people may follow the link (default: no limit)")]
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
    };
}

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

internal sealed class ListInvitesCommand(CliEnvironment environment) : SferumCommand<SchoolPagingSettings>(environment)
{
    protected override async Task<int> RunAsync(SchoolPagingSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new InviteService.InviteServiceClient(connection.Invoker);
        var result = await Pager.FetchAsync(settings, async (size, token) => await client.ListInvitesAsync(
            new ListInvitesRequest { SchoolId = settings.SchoolId, PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
        var classes = output.Json ? null : await ClassNames.LoadAsync(connection, settings.SchoolId);
        Pager.Write(output, result, result.Invites.Count, "invite link(s)", () =>
        {
            var table = CliOutput.NewTable("Id", "Class", "Role", "Uses/max", "Expires", "Revoked", "Auto-accept");
            foreach (var invite in result.Invites)
                table.AddTextRow(invite.InviteId, classes![invite.ClassId], InviteView.RoleOf(invite), InviteView.Uses(invite),
                    CliOutput.Time(invite.ExpiresAt), invite.Revoked ? "revoked" : "", invite.AutoAccept ? "auto" : "");
            return table;
        });
        return ExitCodes.Ok;
    }
}

internal sealed class InviteRefSettings : SchoolIdSettings
{
    [CommandArgument(1, "<INVITE_ID>"), Description("The link's id (see `invite list`)")]
    public string InviteId { get; set; } = "";
}

internal sealed class RevokeInviteCommand(CliEnvironment environment) : SferumCommand<InviteRefSettings>(environment)
{
    protected override async Task<int> RunAsync(InviteRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var invite = await new InviteService.InviteServiceClient(connection.Invoker).RevokeInviteAsync(
            new InviteRef { SchoolId = settings.SchoolId, InviteId = settings.InviteId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(invite);
        else InviteView.Write(output, invite, await ClassNames.LoadAsync(connection, settings.SchoolId));
        return ExitCodes.Ok;
    }
}

internal sealed class AnnulUnusedInvitesSettings : SchoolIdSettings
{
    [CommandOption("--older-than-days <N>"), Description("Only links created at least N days ago (default: every unused link)")]
    public int? OlderThanDays { get; set; }

    public override ValidationResult Validate() =>
        OlderThanDays is < 0 ? ValidationResult.Error("--older-than-days must not be negative") : ValidationResult.Success();
}

internal sealed class AnnulUnusedInvitesCommand(CliEnvironment environment) : SferumCommand<AnnulUnusedInvitesSettings>(environment)
{
    protected override async Task<int> RunAsync(AnnulUnusedInvitesSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new AnnulUnusedInvitesRequest { SchoolId = settings.SchoolId };
        if (settings.OlderThanDays is { } days) request.OlderThan = Duration.FromTimeSpan(TimeSpan.FromDays(days));
        var response = await new InviteService.InviteServiceClient(connection.Invoker).AnnulUnusedInvitesAsync(request, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"{response.Annulled} unused invite link(s) annulled.");
        return ExitCodes.Ok;
    }
}

internal sealed class FollowInviteSettings : GlobalSettings
{
    [CommandArgument(0, "<TOKEN>"), Description("The invite token you were sent")]
    public string Token { get; set; } = "";
}

internal sealed class FollowInviteCommand(CliEnvironment environment) : SferumCommand<FollowInviteSettings>(environment)
{
    protected override async Task<int> RunAsync(FollowInviteSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = await new InviteService.InviteServiceClient(connection.Invoker).FollowInviteAsync(
            new FollowInviteRequest { Token = settings.Token.Trim() }, await connection.AuthorizedAsync());
        // Once admitted, the follower may list the school's classes: the table names the class.
        var admitted = request.Status == JoinRequestStatus.Accepted && !output.Json;
        JoinRequestView.Write(output, request, admitted ? await ClassNames.LoadAsync(connection, request.SchoolId) : null);
        if (!output.Json)
            output.Line(request.Status == JoinRequestStatus.Accepted
                ? $"You joined school {request.SchoolId} as a {SchoolLabels.Of(request.Role)}."
                : "Your request waits for an administrator of the school to accept it.");
        return ExitCodes.Ok;
    }
}

/// <summary>One invite link as a field/value table; what its table columns say.</summary>
internal static class InviteView
{
    public static void Write(CliOutput output, Invite invite, ClassNames classes) => output.Write(CliOutput.KeyValues([
        ("Id", invite.InviteId),
        ("Class", classes.WithId(invite.ClassId)),
        ("Role", RoleOf(invite)),
        ("Uses/max", Uses(invite)),
        ("Created", CliOutput.Time(invite.CreatedAt)),
        ("Expires", CliOutput.Time(invite.ExpiresAt)),
        ("Revoked", SchoolLabels.YesNo(invite.Revoked)),
        ("Auto-accept", SchoolLabels.YesNo(invite.AutoAccept)),
        ("Used by", string.Join(", ", invite.UsedBy)),
    ]));

    /// <summary>"parent of STUDENT_ID" for a parent's link, else the role.</summary>
    public static string RoleOf(Invite invite) =>
        invite.StudentId.Length > 0 ? $"{SchoolLabels.Of(invite.Role)} of {invite.StudentId}" : SchoolLabels.Of(invite.Role);

    /// <summary>"3/10", or "3/∞" without a limit.</summary>
    public static string Uses(Invite invite) => $"{invite.Uses}/{(invite.MaxUses == 0 ? "∞" : invite.MaxUses.ToString())}";
}
