using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;

namespace DistrictSferum.Cli.Commands;

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
