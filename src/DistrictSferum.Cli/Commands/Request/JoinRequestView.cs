using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

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
