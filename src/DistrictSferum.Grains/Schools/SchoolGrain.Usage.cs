using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Statistics;

namespace DistrictSferum.Grains.Schools;

/// <summary>
/// DIS-4: the school's countable facts that live only in its state (invites, join requests) leave through the
/// outbox written with the change itself, so a crash after the commit cannot lose them; a flushed fact is dropped
/// from the outbox in memory and the next save deletes its row (re-flushing is harmless: event ids are unique).
/// </summary>
public sealed partial class SchoolGrain : ISchoolUsageSource
{
    public Task<SchoolUsageShape> UsageShape() => Task.FromResult(new SchoolUsageShape(
        School.Registered,
        School.Info.Name,
        School.Classes.Values.ToDictionary(c => c.ClassId, c => new UsageClass(c.ClassId, c.Name, c.Kind == ClassKind.Grade ? c.Grade : 0))));

    public Task<IReadOnlyDictionary<string, string>> UsageRoles(IReadOnlyList<string> userIds) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(userIds.Distinct().ToDictionary(
            id => id, id => School.Members.TryGetValue(id, out var m) ? UsageRoleOf(m.Roles) : ""));

    /// <summary>The one role a member is counted under: staff first, then student, then parent.</summary>
    public static string UsageRoleOf(SchoolRoles roles) =>
        (roles & SchoolRoles.Teacher) != 0 ? "teacher"
        : (roles & (SchoolRoles.Administrator | SchoolRoles.Director | SchoolRoles.Deputy)) != 0 ? "staff"
        : (roles & SchoolRoles.Student) != 0 ? "student"
        : (roles & SchoolRoles.Parent) != 0 ? "parent" : "";

    internal static string UsageRoleOf(JoinRole role) => role switch
    {
        JoinRole.Student => "student",
        JoinRole.Parent => "parent",
        JoinRole.Teacher => "teacher",
        _ => "staff",
    };

    private void CountUsage(string kind, string userId, string? classId, string? role, double seconds = 0) =>
        Enqueue(new SchoolOutboxEntry(null, new UsageRecord(NewId(), kind, userId, classId, null, role, Now, seconds)));

    private void CountUsage(string kind, string userId, string? classId, JoinRole role, double seconds = 0) =>
        CountUsage(kind, userId, classId, UsageRoleOf(role), seconds);

    private async Task FlushUsageAsync()
    {
        var pending = outbox.Where(e => e.Usage is not null).ToList();
        if (pending.Count == 0) return;
        await usage.RecordAsync(SchoolId, pending.Select(e => e.Usage!).ToList());
        pending.ForEach(Delivered);
    }
}
