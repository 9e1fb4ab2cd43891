using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Meetings;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Chats;
using DistrictSferum.Grains.Districts;

namespace DistrictSferum.Tests.Rules;

/// <summary>Which grain commands a suspended school (and an archived chat) refuses: reads and the fan-out of decisions go on.</summary>
public sealed class SuspensionRulesTests
{
    [Theory]
    [InlineData(nameof(IChatGrain.History))]
    [InlineData(nameof(IChatGrain.LastSeq))]
    [InlineData(nameof(IChatGrain.MarkRead))]
    public void Reads_of_a_chat_are_not_writes(string method) =>
        Assert.False(SuspensionRules.IsWrite(typeof(IChatGrain), method));

    [Theory]
    [InlineData(nameof(IChatMembershipSync.ApplyMovement))]
    [InlineData(nameof(IChatMembershipSync.ApplyRightsChange))]
    [InlineData(nameof(IChatMembershipSync.Refresh))]
    public void The_decided_fan_out_to_a_chat_is_not_a_write(string method) =>
        Assert.False(SuspensionRules.IsWrite(typeof(IChatMembershipSync), method));

    [Fact]
    public void Sends_moderation_plans_and_class_changes_are_writes_and_an_archived_chat_still_lets_a_member_leave()
    {
        Assert.True(SuspensionRules.IsWrite(typeof(IChatGrain), nameof(IChatGrain.Send)));
        Assert.True(SuspensionRules.IsWrite(typeof(IChatModerationGrain), nameof(IChatModerationGrain.BlockMember)));
        Assert.False(SuspensionRules.IsWrite(typeof(IChatModerationGrain), nameof(IChatModerationGrain.MemberRecord)));
        Assert.True(SuspensionRules.IsRefusedWhenArchived(typeof(IChatModerationGrain), nameof(IChatModerationGrain.DeleteAsModerator)));
        Assert.True(SuspensionRules.IsWrite(typeof(IMeetingGrain), nameof(IMeetingGrain.Reschedule)));
        Assert.False(SuspensionRules.IsWrite(typeof(IMeetingGrain), nameof(IMeetingGrain.Get)));
        Assert.True(SuspensionRules.IsWrite(typeof(ISchoolGrain), nameof(ISchoolGrain.ApplyYearRollover)));
        Assert.True(SuspensionRules.IsRefusedWhenArchived(typeof(IChatGrain), nameof(IChatGrain.Send)));
        Assert.False(SuspensionRules.IsRefusedWhenArchived(typeof(IChatGrain), nameof(IChatGrain.Leave)));
    }
}
