using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

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
