namespace DistrictSferum.Grains.Schools;

public sealed partial class SchoolState
{
    /// <summary>What the rules changed since the last save; the grain turns it into the rows one save writes. Never stored.</summary>
    [System.Runtime.Serialization.IgnoreDataMember]
    public SchoolChanges Changes { get; } = new();

    public SchoolCore Core() => new()
    {
        Registered = Registered, Info = Info, Application = Application, RegisteredAt = RegisteredAt, RegisteredBy = RegisteredBy,
        StaffRoomId = StaffRoomId, Classes = Classes,
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
        Members = stored.Members.ToDictionary(m => m.UserId, StringComparer.Ordinal),
        Invites = stored.Invites.ToDictionary(i => i.InviteId, StringComparer.Ordinal),
        Requests = stored.Requests.ToDictionary(r => r.RequestId, StringComparer.Ordinal),
    };

    /// <summary>The rows the changes since the last save touch: present ones are stored, absent ones deleted.</summary>
    public (SchoolCore? Core, List<MemberRecord> Members, List<string> RemovedMembers, List<InviteRecord> Invites, List<JoinRequestRecord> Requests, List<string> RemovedRequests) Pending() => (
        Changes.Core ? Core() : null,
        Changes.Members.Where(Members.ContainsKey).Select(id => Members[id]).ToList(),
        Changes.Members.Where(id => !Members.ContainsKey(id)).ToList(),
        Changes.Invites.Where(Invites.ContainsKey).Select(id => Invites[id]).ToList(),
        Changes.Requests.Where(Requests.ContainsKey).Select(id => Requests[id]).ToList(),
        Changes.Requests.Where(id => !Requests.ContainsKey(id)).ToList());

    private MemberRecord Touch(MemberRecord member)
    {
        Changes.Members.Add(member.UserId);
        return member;
    }

    private InviteRecord Touch(InviteRecord invite)
    {
        Changes.Invites.Add(invite.InviteId);
        return invite;
    }

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

    public HashSet<string> Invites { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Requests { get; } = new(StringComparer.Ordinal);

    public void Clear()
    {
        Core = false;
        Members.Clear();
        Invites.Clear();
        Requests.Clear();
    }
}
