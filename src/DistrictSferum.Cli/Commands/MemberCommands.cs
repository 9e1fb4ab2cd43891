using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Grpc.Core;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

/// <summary>
/// <c>member list|show|verify|appoint-admin|remove-admin|set-role</c>: a school's members (RULES ORG-6, ORG-9, ORG-15, CHAT-5).
/// </summary>
internal static class MemberCommands
{
    public static void Register(IConfigurator config) =>
        config.AddBranch("member", branch =>
        {
            branch.SetDescription("List and show a school's members; verify teachers, appoint administrators, mark the director");
            branch.AddCommand<ListMembersCommand>("list")
                .WithDescription("List the school's members, with the verified-teacher badge ✓")
                .WithExample("member", "list", "SCHOOL_ID", "--role", "teacher")
                .WithExample("member", "list", "SCHOOL_ID", "--class", "CLASS_ID", "--all");
            branch.AddCommand<ShowMemberCommand>("show").WithDescription("Show a member's profile (phone and e-mail only to administrators; CHAT-5)");
            branch.AddCommand<VerifyTeacherCommand>("verify")
                .WithDescription("Confirm a teacher: their profile then shows the verified badge (administrators; ORG-9)")
                .WithExample("member", "verify", "SCHOOL_ID", "USER_ID");
            branch.AddCommand<AppointAdministratorCommand>("appoint-admin").WithDescription("Appoint a teacher as an administrator (administrators; ORG-6)");
            branch.AddCommand<RemoveAdministratorCommand>("remove-admin")
                .WithDescription("Remove an administrator, or step down; never the last one (administrators; ORG-6)");
            branch.AddCommand<SetManagementRoleCommand>("set-role")
                .WithDescription("Mark a teacher as the director or a deputy, or with --off unmark them (administrators; ORG-15)")
                .WithExample("member", "set-role", "SCHOOL_ID", "USER_ID", "director")
                .WithExample("member", "set-role", "SCHOOL_ID", "USER_ID", "deputy", "--off");
        });
}

internal sealed class ListMembersSettings : SchoolPagingSettings
{
    [CommandOption("--class <CLASS_ID>"), Description("Only members placed in this class")]
    public string? ClassId { get; set; }

    [CommandOption("--role <ROLE>"), Description("Only members holding this role: teacher, student, parent, administrator, director or deputy")]
    public string? Role { get; set; }

    public override ValidationResult Validate() =>
        Role is not null && SchoolLabels.Parse(SchoolLabels.SchoolRoles, Role) is null
            ? ValidationResult.Error($"--role must be {SchoolLabels.Choices(SchoolLabels.SchoolRoles)}, not '{Role}'")
            : base.Validate();
}

internal sealed class ListMembersCommand(CliEnvironment environment) : SferumCommand<ListMembersSettings>(environment)
{
    protected override async Task<int> RunAsync(ListMembersSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new MemberService.MemberServiceClient(connection.Invoker);
        var result = await Pager.FetchAsync(settings, async (size, token) => await client.ListMembersAsync(new ListMembersRequest
        {
            SchoolId = settings.SchoolId,
            ClassId = settings.ClassId ?? "",
            Role = SchoolLabels.Parse(SchoolLabels.SchoolRoles, settings.Role) ?? SchoolRole.Unspecified,
            PageSize = size,
            PageToken = token,
        }, await connection.AuthorizedAsync()));
        var classes = output.Json ? null : await ClassNames.LoadAsync(connection, settings.SchoolId);
        Pager.Write(output, result, result.Members.Count, "member(s)", () =>
        {
            var table = CliOutput.NewTable("Id", "Name", "Roles", "Verified", "Classes");
            foreach (var m in result.Members)
                table.AddTextRow(m.UserId, m.DisplayName, SchoolLabels.Of(m.Roles), SchoolLabels.VerifiedBadge(m.VerifiedTeacher),
                    classes!.Join(m.Classes.Select(p => p.ClassId)));
            return table;
        });
        return ExitCodes.Ok;
    }
}

/// <summary>A command on one member (<c>SCHOOL_ID USER_ID</c>) that answers with the member's profile.</summary>
internal abstract class MemberRefCommand(CliEnvironment environment) : SferumCommand<MemberRefSettings>(environment)
{
    protected abstract AsyncUnaryCall<Member> Call(MemberService.MemberServiceClient client, MemberRef member, CallOptions options);

    protected override async Task<int> RunAsync(MemberRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var member = await Call(new MemberService.MemberServiceClient(connection.Invoker),
            new MemberRef { SchoolId = settings.SchoolId, UserId = settings.UserId }, await connection.AuthorizedAsync());
        await MemberView.WriteAsync(output, connection, settings.SchoolId, member);
        return ExitCodes.Ok;
    }
}

internal sealed class ShowMemberCommand(CliEnvironment environment) : MemberRefCommand(environment)
{
    protected override AsyncUnaryCall<Member> Call(MemberService.MemberServiceClient client, MemberRef member, CallOptions options) =>
        client.GetMemberAsync(member, options);
}

internal sealed class VerifyTeacherCommand(CliEnvironment environment) : MemberRefCommand(environment)
{
    protected override AsyncUnaryCall<Member> Call(MemberService.MemberServiceClient client, MemberRef member, CallOptions options) =>
        client.VerifyTeacherAsync(member, options);
}

internal sealed class AppointAdministratorCommand(CliEnvironment environment) : MemberRefCommand(environment)
{
    protected override AsyncUnaryCall<Member> Call(MemberService.MemberServiceClient client, MemberRef member, CallOptions options) =>
        client.AppointAdministratorAsync(member, options);
}

internal sealed class RemoveAdministratorCommand(CliEnvironment environment) : MemberRefCommand(environment)
{
    protected override AsyncUnaryCall<Member> Call(MemberService.MemberServiceClient client, MemberRef member, CallOptions options) =>
        client.RemoveAdministratorAsync(member, options);
}

internal sealed class SetManagementRoleSettings : MemberRefSettings
{
    [CommandArgument(2, "<ROLE>"), Description("director or deputy")]
    public string Role { get; set; } = "";

    [CommandOption("--off"), Description("Take the mark away instead")]
    public bool Off { get; set; }

    public override ValidationResult Validate() =>
        SchoolLabels.Parse(SchoolLabels.ManagementRoles, Role) is null
            ? ValidationResult.Error($"ROLE must be {SchoolLabels.Choices(SchoolLabels.ManagementRoles)}, not '{Role}'")
            : ValidationResult.Success();
}

internal sealed class SetManagementRoleCommand(CliEnvironment environment) : SferumCommand<SetManagementRoleSettings>(environment)
{
    protected override async Task<int> RunAsync(SetManagementRoleSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new SetManagementRoleRequest
        {
            SchoolId = settings.SchoolId,
            UserId = settings.UserId,
            Role = SchoolLabels.Parse(SchoolLabels.ManagementRoles, settings.Role)!.Value,
            Holds = !settings.Off,
        };
        var member = await new MemberService.MemberServiceClient(connection.Invoker).SetManagementRoleAsync(request, await connection.AuthorizedAsync());
        await MemberView.WriteAsync(output, connection, settings.SchoolId, member);
        return ExitCodes.Ok;
    }
}

/// <summary>One member's profile as JSON or as a field/value table with class names.</summary>
internal static class MemberView
{
    public static async Task WriteAsync(CliOutput output, ServerConnection connection, string schoolId, Member member)
    {
        if (output.Json)
        {
            output.WriteJson(member);
            return;
        }

        var classes = await ClassNames.LoadAsync(connection, schoolId);
        output.Write(CliOutput.KeyValues([
            ("User id", member.UserId),
            ("Name", member.DisplayName),
            ("Roles", SchoolLabels.Of(member.Roles)),
            ("Verified teacher", member.VerifiedTeacher ? "✓ yes" : "no"),
            ("Classes", string.Join(", ", member.Classes.Select(p => $"{classes[p.ClassId]} ({SchoolLabels.Of(p.Role)})"))),
            ("Children", string.Join(", ", member.ChildIds)),
            ("Joined", CliOutput.Time(member.JoinedAt)),
            ("Phone", member.Phone),
            ("E-mail", member.Email),
        ]));
    }
}
