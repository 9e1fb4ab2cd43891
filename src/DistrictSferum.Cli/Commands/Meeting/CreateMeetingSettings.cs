using System.ComponentModel;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class CreateMeetingSettings : PlanSettings
{
    [CommandOption("--kind <KIND>", isRequired: true), Description("call, lesson, parent-meeting, council or work-meeting")]
    public string Kind { get; set; } = "";

    [CommandOption("--chat <CHAT_ID>"), Description("For the members of a chat")]
    public string? ChatId { get; set; }

    [CommandOption("--weeks <N>"), Description("Lessons only: repeat weekly N times (1 to 40)")]
    public int Weeks { get; set; } = 1;

    public static readonly Dictionary<string, MeetingKind> Kinds = new()
    {
        ["call"] = MeetingKind.Call,
        ["lesson"] = MeetingKind.OnlineLesson,
        ["parent-meeting"] = MeetingKind.ParentMeeting,
        ["council"] = MeetingKind.TeachersCouncil,
        ["work-meeting"] = MeetingKind.WorkMeeting,
    };

    public override ValidationResult Validate() =>
        !Kinds.ContainsKey(Kind) ? ValidationResult.Error($"--kind must be one of {string.Join(", ", Kinds.Keys)}, not '{Kind}'")
        : new[] { ChatId is not null, ClassId is not null, Staff }.Count(x => x) != 1 ? ValidationResult.Error("say whom it is for: exactly one of --chat CHAT_ID, --class CLASS_ID or --staff")
        : Weeks is < 1 or > 40 ? ValidationResult.Error("--weeks must be 1 to 40")
        : base.Validate();
}
