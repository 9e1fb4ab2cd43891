using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Grains.Schools;

public sealed partial class SchoolState
{
    /// <summary>What the rules changed since the last save; the grain turns it into the rows one save writes. Never stored.</summary>
    [System.Runtime.Serialization.IgnoreDataMember]
    public SchoolChanges Changes { get; } = new();

    public SchoolCore Core() => new()
    {
        Registered = Registered,
        Info = Info,
        Application = Application,
        RegisteredAt = RegisteredAt,
        RegisteredBy = RegisteredBy,
        StaffRoomId = StaffRoomId,
        Classes = Classes,
        LastRolloverYear = LastRolloverYear,
    };

    public static SchoolState From(SchoolSnapshot stored) => new()
    {
        Registered = stored.Core.Registered,
        Info = stored.Core.Info,
        Application = stored.Core.Application,
        RegisteredAt = stored.Core.RegisteredAt,
        RegisteredBy = stored.Core.RegisteredBy,
        StaffRoomId = stored.Core.StaffRoomId,
        Classes = stored.Core.Classes,
        LastRolloverYear = stored.Core.LastRolloverYear,
        Members = stored.Members.ToDictionary(m => m.UserId, StringComparer.Ordinal),
    };

    /// <summary>The rows the changes since the last save touch: present ones are stored, absent ones deleted.</summary>
    public (SchoolCore? Core, List<MemberRecord> Members, List<string> RemovedMembers) Pending() => (
        Changes.Core ? Core() : null,
        Changes.Members.Where(Members.ContainsKey).Select(id => Members[id]).ToList(),
        Changes.Members.Where(id => !Members.ContainsKey(id)).ToList());

    /// <summary>CHAT-5: the member's new display name for the directory; false when it is not a member or nothing changed.</summary>
    public bool RenameMember(string userId, string displayName)
    {
        if (!Members.TryGetValue(userId, out var member) || member.DisplayName == displayName) return false;
        member.DisplayName = displayName;
        MemberChanged(userId);
        return true;
    }

    private MemberRecord Touch(MemberRecord member)
    {
        MemberChanged(member.UserId);
        return member;
    }

    private void MemberChanged(string userId)
    {
        Changes.Members.Add(userId);
        directory = null;
        studentCounts = null;
    }

    // Kept between calls for a school of thousands: paging the directory sorts it once, not once per page.
    private List<MemberRecord>? directory;
    private Dictionary<string, int>? studentCounts;

    /// <summary>Every member in the order lists show them: by display name, then id.</summary>
    private List<MemberRecord> Directory => directory ??= Members.Values
        .OrderBy(m => m.DisplayName, StringComparer.CurrentCulture).ThenBy(m => m.UserId, StringComparer.Ordinal).ToList();

    private int StudentCount(string classId) => (studentCounts ??= Members.Values
        .SelectMany(m => m.ClassesAs(JoinRole.Student)).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count())).GetValueOrDefault(classId);

    private ClassRecord Touch(ClassRecord changed)
    {
        Changes.Core = true;
        return changed;
    }
}

/// <summary>Keys of the records changed since the last save; a key whose record is gone means a delete.</summary>
public sealed class SchoolChanges
{
    public bool Core { get; set; }

    public HashSet<string> Members { get; } = new(StringComparer.Ordinal);

    public void Clear()
    {
        Core = false;
        Members.Clear();
    }
}
