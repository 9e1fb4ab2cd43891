using System.Security.Cryptography;
using System.Text;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Grains.Schools;

/// <summary>
/// What one class owns (issue 15): its invite links and the join requests made through them. Pure rules, like
/// <see cref="SchoolState"/>: what needs the whole school (who the actor is, whether the person may join) the school
/// has answered before these run, and the school admits an accepted request as its own, idempotent step.
/// </summary>
public sealed class SchoolClassState
{
    private const int MaxUsedByKept = 200;

    public Dictionary<string, InviteRecord> Invites { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JoinRequestRecord> Requests { get; } = new(StringComparer.Ordinal);

    /// <summary>Ids of the links and requests changed since the last save; a request id no longer present is a delete.</summary>
    public HashSet<string> ChangedInvites { get; } = new(StringComparer.Ordinal);

    public HashSet<string> ChangedRequests { get; } = new(StringComparer.Ordinal);

    public static SchoolClassState From(ClassSnapshot stored)
    {
        var state = new SchoolClassState();
        foreach (var i in stored.Invites) state.Invites[i.InviteId] = i;
        foreach (var r in stored.Requests) state.Requests[r.RequestId] = r;
        return state;
    }

    /// <summary>Requests accepted but not yet admitted by the school (a crash came in between): admitted again.</summary>
    public IEnumerable<JoinRequestRecord> Unadmitted => Requests.Values.Where(r => r.Accepted).ToList();

    public InviteRecord AddInvite(InviteRecord invite)
    {
        Invites[invite.InviteId] = invite;
        return Touch(invite);
    }

    /// <summary>ORG-11: an administrator revokes any link of the class, a teacher the links they created.</summary>
    public InviteRecord RevokeInvite(string actorId, bool administrator, string inviteId)
    {
        if (!Invites.TryGetValue(inviteId, out var invite) || (!administrator && invite.CreatedBy != actorId))
            throw DomainException.NotFound(SchoolErrors.InviteNotFound, "No such invite link.", Rules.Org11);
        Touch(invite).Revoked = true;
        return invite;
    }

    /// <summary>ORG-11: revokes every link nobody used, optionally only those older than <paramref name="olderThan"/>.</summary>
    public int AnnulUnusedInvites(TimeSpan? olderThan, DateTimeOffset now)
    {
        var unused = Invites.Values.Where(i => !i.Revoked && i.Uses == 0 && (olderThan is null || now - i.CreatedAt >= olderThan)).ToList();
        foreach (var invite in unused) Touch(invite).Revoked = true;
        return unused.Count;
    }

    /// <summary>An archived class admits nobody: its links are revoked.</summary>
    public int RevokeAll()
    {
        var open = Invites.Values.Where(i => !i.Revoked).ToList();
        foreach (var invite in open) Touch(invite).Revoked = true;
        return open.Count;
    }

    /// <summary>ETH-9: a leaver's requests go, and so do the links naming them as the student (REG-4).</summary>
    public void Forget(string userId)
    {
        foreach (var request in Requests.Values.Where(r => !r.Accepted && (r.UserId == userId || r.StudentId == userId)).ToList()) Remove(request);
        foreach (var invite in Invites.Values.Where(i => i.StudentId == userId && !i.Revoked)) Touch(invite).Revoked = true;
    }

    /// <summary>Following a link is the person's own act (ETH-3): the link must be this class's, unrevoked and unexpired.</summary>
    public InviteRecord RequireUsableLink(string inviteId, string tokenHash, DateTimeOffset now)
    {
        if (!Invites.TryGetValue(inviteId, out var invite) ||
            !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(invite.TokenHash), Encoding.ASCII.GetBytes(tokenHash)))
            throw DomainException.NotFound(SchoolErrors.InviteNotFound, "No such invite link.", Rules.Org5);
        if (invite.Revoked) throw DomainException.Precondition(SchoolErrors.InviteRevoked, "This link was revoked.", Rules.Org11);
        if (now >= invite.ExpiresAt) throw DomainException.Precondition(SchoolErrors.InviteExpired, "This link has expired.", Rules.Org5);
        return invite;
    }

    /// <summary>A request this person already made through <paramref name="invite"/>'s terms (following again, even once the link is used up).</summary>
    public JoinRequestRecord? ExistingRequest(string userId, InviteRecord invite) =>
        Requests.Values.FirstOrDefault(r => r.UserId == userId && r.Role == invite.Role && r.StudentId == invite.StudentId);

    /// <summary>
    /// Counts a use of the link (never beyond its limit) and records the request, accepted at once when the link says
    /// so. The school has already said this person may join (REG-3, REG-4, ORG-8).
    /// </summary>
    public JoinRequestRecord Follow(InviteRecord invite, string userId, string displayName, string requestId, DateTimeOffset now)
    {
        if (invite.MaxUses is { } max && invite.Uses >= max)
            throw DomainException.Precondition(SchoolErrors.InviteUsedUp, "This link has been used as many times as it allows.", Rules.Org5);
        var request = new JoinRequestRecord
        {
            RequestId = requestId,
            UserId = userId,
            DisplayName = displayName,
            ClassId = invite.ClassId,
            Role = invite.Role,
            InviteId = invite.InviteId,
            StudentId = invite.StudentId,
            CreatedAt = now,
            Accepted = invite.AutoAccept,
        };
        Touch(invite).Uses++;
        if (invite.UsedBy.Count < MaxUsedByKept) invite.UsedBy.Add(userId);
        Requests[requestId] = request;
        ChangedRequests.Add(requestId);
        return request;
    }

    /// <summary>The school refused the person after all: the link's use is given back and the request dropped.</summary>
    public void Undo(JoinRequestRecord request)
    {
        if (Invites.TryGetValue(request.InviteId, out var invite))
        {
            Touch(invite).Uses = Math.Max(0, invite.Uses - 1);
            invite.UsedBy.Remove(request.UserId);
        }

        Remove(request);
    }

    /// <summary>ORG-8: a pending request an administrator decides on.</summary>
    public JoinRequestRecord RequirePending(string requestId) =>
        Requests.TryGetValue(requestId, out var request) && !request.Accepted
            ? request
            : throw DomainException.NotFound(SchoolErrors.RequestNotFound, "No such pending join request.", Rules.Org8);

    public void Remove(JoinRequestRecord request)
    {
        Requests.Remove(request.RequestId);
        ChangedRequests.Add(request.RequestId);
    }

    public (List<InviteRecord> Invites, List<JoinRequestRecord> Requests, List<string> RemovedRequests) Pending() => (
        ChangedInvites.Where(Invites.ContainsKey).Select(id => Invites[id]).ToList(),
        ChangedRequests.Where(Requests.ContainsKey).Select(id => Requests[id]).ToList(),
        ChangedRequests.Where(id => !Requests.ContainsKey(id)).ToList());

    public void ClearChanges()
    {
        ChangedInvites.Clear();
        ChangedRequests.Clear();
    }

    private InviteRecord Touch(InviteRecord invite)
    {
        ChangedInvites.Add(invite.InviteId);
        return invite;
    }
}
