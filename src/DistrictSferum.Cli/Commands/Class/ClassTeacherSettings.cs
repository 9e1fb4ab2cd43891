using System.ComponentModel;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class ClassTeacherSettings : ClassRefSettings
{
    [CommandArgument(2, "<USER_ID>"), Description("The teacher's user id (see `member list --role teacher`)")]
    public string UserId { get; set; } = "";

    public AttachClassTeacherRequest ToAttachRequest() => new() { SchoolId = SchoolId, ClassId = ClassId, TeacherId = UserId };

    public DetachClassTeacherRequest ToDetachRequest() => new() { SchoolId = SchoolId, ClassId = ClassId, TeacherId = UserId };
}
