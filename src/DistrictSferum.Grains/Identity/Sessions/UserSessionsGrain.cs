using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Audit;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Users;
using DistrictSferum.Grains.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using DistrictSferum.Grains.Schools;
using DistrictSferum.Grains.Districts;

namespace DistrictSferum.Grains.Identity.Sessions;

/// <summary>One account's sessions, loaded from the store on activation; every change is written before it is answered.</summary>
public sealed class UserSessionsGrain(
    ISessionStore store, AuditIntents auditIntents, IOptions<SessionLifetimeOptions> options, [FromKeyedServices(Clocks.Domain)] TimeProvider clock)
    : Grain, IUserSessionsGrain
{
    private readonly Dictionary<string, SessionRecord> sessions = [];

    private string UserId => this.GetPrimaryKeyString();

    private DateTimeOffset Now => clock.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var s in await store.LoadAsync(UserId, cancellationToken)) sessions[s.SessionId] = s;
    }

    public async Task<SessionTokens> Open(SessionClient client)
    {
        var clean = SessionRules.Clean(client);
        var sessionId = SessionRules.NewSessionId();
        var token = SessionRules.NewToken(UserId, sessionId, 1);
        var session = new SessionRecord(sessionId, UserId, clean.DeviceLabel, clean.Ip, clean.UserAgent, Now, Now, 1, SessionRules.Hash(token));
        await store.InsertAsync(session);
        sessions[sessionId] = session;
        return Tokens(session, token);
    }

    public async Task<SessionTokens> Refresh(string refreshToken, SessionClient client)
    {
        if (SessionRules.Parse(refreshToken) is not { } token || token.UserId != UserId) throw SessionRules.InvalidToken();
        var session = sessions.GetValueOrDefault(token.SessionId);
        switch (SessionRules.Judge(session, token, Now, options.Value))
        {
            case SessionRules.RefreshOutcome.Reused:
                await RevokeAsync([session!.SessionId], "refresh-token-reused");
                throw DomainException.Unauthenticated(IdentityErrors.RefreshTokenReused,
                    "This refresh token was already used, so a copy of it exists: the session is ended; sign in again.");
            case SessionRules.RefreshOutcome.Invalid:
                throw SessionRules.InvalidToken();
        }

        var clean = SessionRules.Clean(client);
        var next = SessionRules.NewToken(UserId, session!.SessionId, session.Generation + 1);
        var rotated = session with
        {
            Generation = session.Generation + 1,
            RefreshHash = SessionRules.Hash(next),
            LastUsedAt = Now,
            Ip = clean.Ip,
            UserAgent = clean.UserAgent,
        };
        if (!await store.RotateAsync(rotated, session.Generation))
        {
            // Another writer moved the row (it should not exist: this grain is the row's only writer); trust the store.
            sessions.Remove(session.SessionId);
            throw SessionRules.InvalidToken();
        }

        sessions[session.SessionId] = rotated;
        return Tokens(rotated, next);
    }

    public Task<bool> IsAlive(string sessionId) =>
        Task.FromResult(sessions.TryGetValue(sessionId, out var s) && SessionRules.IsAlive(s, Now, options.Value));

    public async Task<IReadOnlyList<SessionView>> List(Actor actor, string? schoolId)
    {
        await EnsureMayManage(actor, schoolId);
        return sessions.Values.Where(s => SessionRules.IsAlive(s, Now, options.Value)).OrderBy(s => s.CreatedAt)
            .Select(s => new SessionView(s.SessionId, s.DeviceLabel, s.Ip, s.UserAgent, s.CreatedAt, s.LastUsedAt, SessionRules.ExpiresAt(s, options.Value)))
            .ToList();
    }

    public async Task Revoke(Actor actor, string sessionId, string? schoolId)
    {
        await EnsureMayManage(actor, schoolId);
        if (!sessions.TryGetValue(sessionId ?? "", out var s) || !SessionRules.IsAlive(s, Now, options.Value))
            throw DomainException.NotFound(IdentityErrors.SessionNotFound, "No such live session.");
        await RevokeAsync([s.SessionId], ReasonFor(actor), AuditOf(actor, schoolId, AdminActions.SessionRevoked, $"session {s.SessionId}"));
    }

    public async Task<IReadOnlyList<string>> RevokeAll(Actor actor, string? schoolId)
    {
        await EnsureMayManage(actor, schoolId);
        var live = sessions.Values.Where(s => SessionRules.IsAlive(s, Now, options.Value)).Select(s => s.SessionId).ToList();
        await RevokeAsync(live, ReasonFor(actor), AuditOf(actor, schoolId, AdminActions.SessionsRevoked, $"{live.Count} session(s)"));
        return live;
    }

    /// <summary>
    /// Issue 8: revoking someone else's sessions is an administrative action: the school's or the district's audit,
    /// its intent stored with the revocation.
    /// </summary>
    private AuditIntent? AuditOf(Actor actor, string? schoolId, string action, string detail) =>
        actor.UserId == UserId
            ? null
            : AuditIntent.For(schoolId is { Length: > 0 } ? schoolId : IAdminAuditGrain.District, new AdminAuditRecord(action, actor.UserId, UserId, detail, Now));

    private string ReasonFor(Actor actor) => actor.UserId == UserId ? "owner" : "revoked-by:" + actor.UserId;

    private async Task RevokeAsync(IReadOnlyCollection<string> ids, string reason, AuditIntent? audit = null)
    {
        await store.RevokeAsync(ids, Now, reason, audit);
        foreach (var id in ids) sessions.Remove(id);
        // Appended now, or by the sweep after a failure or a crash (once, by intent id).
        if (audit is not null) await auditIntents.DeliverAsync(GrainFactory, [audit]);
    }

    /// <summary>
    /// The owner manages their own sessions; a school's administrator those of the school's members (a lost phone);
    /// an operator anyone's. Everyone else learns nothing about the account (NOT_FOUND, DIS-1).
    /// </summary>
    private async Task EnsureMayManage(Actor actor, string? schoolId)
    {
        if (actor.UserId == UserId) return;
        if (schoolId is { Length: > 0 })
        {
            var school = GrainFactory.GetGrain<ISchoolFacts>(schoolId);
            if ((await school.GetAdministratorIds()).Contains(actor.UserId))
            {
                await school.GetMembership(UserId);
                return;
            }
        }
        else if (await GrainFactory.GetGrain<IDistrictOperators>(IDistrictGrain.Key).IsOperator(actor.UserId))
        {
            return;
        }

        throw DomainException.NotFound(UserErrors.UserNotFound, "No such account among the people you manage.", Rules.Dis1);
    }

    private SessionTokens Tokens(SessionRecord s, string refreshToken) =>
        new(UserId, s.SessionId, refreshToken, SessionRules.ExpiresAt(s, options.Value));
}
