using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

/// <summary><c>request list|accept|reject</c>: join requests made by following invite links (RULES ORG-8).</summary>
internal static class RequestCommands
{
    public static void Register(IConfigurator config) =>
        config.AddBranch("request", branch =>
        {
            branch.SetDescription("Review join requests: list, accept, reject (administrators; ORG-8)");
            branch.AddCommand<ListJoinRequestsCommand>("list").WithDescription("List the school's pending join requests, oldest first");
            branch.AddCommand<AcceptJoinRequestCommand>("accept")
                .WithDescription("Accept a join request: its author becomes a member in its class and role")
                .WithExample("request", "accept", "SCHOOL_ID", "REQUEST_ID");
            branch.AddCommand<RejectJoinRequestCommand>("reject").WithDescription("Reject a join request");
        });
}

internal sealed class ListJoinRequestsCommand(CliEnvironment environment) : SferumCommand<SchoolPagingSettings>(environment)
{
    protected override async Task<int> RunAsync(SchoolPagingSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new MemberService.MemberServiceClient(connection.Invoker);
        var result = await Pager.FetchAsync(settings, async (size, token) => await client.ListJoinRequestsAsync(
            new ListJoinRequestsRequest { SchoolId = settings.SchoolId, PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
        var classes = output.Json ? null : await ClassNames.LoadAsync(connection, settings.SchoolId);
        Pager.Write(output, result, result.Requests.Count, "pending request(s)", () =>
        {
            var table = CliOutput.NewTable("Id", "Name", "User id", "Class", "Role", "Requested");
            foreach (var r in result.Requests)
                table.AddTextRow(r.RequestId, r.DisplayName, r.UserId, classes![r.ClassId], JoinRequestView.RoleOf(r), CliOutput.Time(r.CreatedAt));
            return table;
        });
        return ExitCodes.Ok;
    }
}

internal sealed class JoinRequestRefSettings : SchoolIdSettings
{
    [CommandArgument(1, "<REQUEST_ID>"), Description("The request's id (see `request list`)")]
    public string RequestId { get; set; } = "";
}

/// <summary><c>request accept</c> and <c>request reject</c>: decides and shows the decided request.</summary>
internal abstract class DecideJoinRequestCommand(CliEnvironment environment, bool accept) : SferumCommand<JoinRequestRefSettings>(environment)
{
    protected override async Task<int> RunAsync(JoinRequestRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var decided = await new MemberService.MemberServiceClient(connection.Invoker).DecideJoinRequestAsync(
            new DecideJoinRequestRequest { SchoolId = settings.SchoolId, RequestId = settings.RequestId, Accept = accept }, await connection.AuthorizedAsync());
        JoinRequestView.Write(output, decided, output.Json ? null : await ClassNames.LoadAsync(connection, settings.SchoolId));
        return ExitCodes.Ok;
    }
}

internal sealed class AcceptJoinRequestCommand(CliEnvironment environment) : DecideJoinRequestCommand(environment, accept: true);

internal sealed class RejectJoinRequestCommand(CliEnvironment environment) : DecideJoinRequestCommand(environment, accept: false);

/// <summary>One join request as JSON or as a field/value table.</summary>
internal static class JoinRequestView
{
    /// <summary>Class names when known (the caller may list the school's classes), else class ids.</summary>
    public static void Write(CliOutput output, JoinRequest request, ClassNames? classes)
    {
        if (output.Json)
        {
            output.WriteJson(request);
            return;
        }

        output.Write(CliOutput.KeyValues([
            ("Request id", request.RequestId),
            ("Status", SchoolLabels.Of(request.Status)),
            ("School", request.SchoolId),
            ("User", $"{request.DisplayName} ({request.UserId})"),
            ("Class", classes?.WithId(request.ClassId) ?? request.ClassId),
            ("Role", RoleOf(request)),
            ("Invite", request.InviteId),
            ("Requested", CliOutput.Time(request.CreatedAt)),
        ]));
    }

    /// <summary>"parent of STUDENT_ID" for a parent, else the role.</summary>
    public static string RoleOf(JoinRequest request) =>
        request.StudentId.Length > 0 ? $"{SchoolLabels.Of(request.Role)} of {request.StudentId}" : SchoolLabels.Of(request.Role);
}
