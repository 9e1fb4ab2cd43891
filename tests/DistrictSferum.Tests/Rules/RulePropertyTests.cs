using CsCheck;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Chats;
using DistrictSferum.Grains.Schools;

namespace DistrictSferum.Tests.Rules;

/// <summary>
/// Issue 9: property-based tests (CsCheck) of pure rules over generated inputs: calendar-month block limits across
/// month ends and leap years, the send rate limiter's bound over any sequence of calls, and invite use counting.
/// </summary>
public sealed class RulePropertyTests
{
    /// <summary>Any instant of 1999-2101, so month ends, 29 February of leap years and century years all come up.</summary>
    private static readonly Gen<DateTimeOffset> Instants =
        Gen.Long[new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero).Ticks, new DateTimeOffset(2101, 1, 1, 0, 0, 0, TimeSpan.Zero).Ticks]
            .Select(t => new DateTimeOffset(t, TimeSpan.Zero));

    /// <summary>Ends of months (28th-31st, the last second of the day) are where a calendar month and 30 days differ.</summary>
    private static readonly Gen<DateTimeOffset> MonthEnds =
        Gen.Select(Gen.Int[1999, 2100], Gen.Int[1, 12], Gen.Int[0, 3], Gen.Int[0, 86_399], (y, m, back, s) =>
            new DateTimeOffset(y, m, DateTime.DaysInMonth(y, m) - back, 0, 0, 0, TimeSpan.Zero).AddSeconds(s));

    private static ChatState ChatWithViolations(DateTimeOffset now, out List<string> violations)
    {
        var chat = new ChatState();
        chat.Create(new NewChat("school", ChatKind.ClassStudents, "6А", "c", null, ["Уважайте друг друга.", "Без оскорблений."]), "mod", "Учитель", now);
        chat.Invitations["s"] = new ChatInvitation("chat", "school", "6А", "mod", now);
        chat.Join("s", "s", new MemberView("s", "s", SchoolRoles.Student, false, [new ClassPlacement("c", JoinRole.Student)], [], now, null, null), null, 1, now);
        violations = Enumerable.Range(1, 4).Select(i => chat.Remind("mod", "s", i, 2, "v" + i, now).ViolationId).ToList();
        return chat;
    }

    [Fact]
    public void ETH_6_a_block_is_accepted_exactly_when_it_ends_after_now_and_within_one_calendar_month()
    {
        Gen.Select(Gen.OneOf(Instants, MonthEnds), Gen.Long[-86_400, 32L * 86_400]).Sample((now, seconds) =>
        {
            var until = now.AddSeconds(seconds);
            var chat = ChatWithViolations(now, out var violations);
            var allowed = until > now && until <= now.AddMonths(1);
            try
            {
                chat.Block("mod", "s", violations, until, "b", now);
                return allowed && chat.IsBlocked("s", now) && !chat.IsBlocked("s", until);
            }
            catch (DomainException e)
            {
                return !allowed && e.RuleId == "ETH-6" && chat.Blocks.Count == 0 && chat.Violations.All(v => v.BlockId is null);
            }
        });
    }

    [Fact]
    public void ETH_6_the_longest_block_from_a_month_end_ends_on_the_last_day_of_the_next_month_or_the_same_day()
    {
        MonthEnds.Sample(now =>
        {
            var longest = now.AddMonths(1);
            var chat = ChatWithViolations(now, out var violations);
            chat.Block("mod", "s", violations, longest, "b", now);
            // 31 January ends 28/29 February; 29 February ends 29 March: a calendar month, never more than 31 days.
            return longest.Day == Math.Min(now.Day, DateTime.DaysInMonth(longest.Year, longest.Month))
                   && (longest - now) <= TimeSpan.FromDays(31) && (longest - now) >= TimeSpan.FromDays(28);
        });
    }

    [Fact]
    public void CHAT_7_the_send_limiter_never_lets_more_through_than_the_burst_plus_the_rate_over_any_stretch()
    {
        var settings = Gen.Select(Gen.Int[1, 30], Gen.Double[0.5, 20]);
        var gaps = Gen.Int[0, 2_000].Array[1, 200];
        Gen.Select(settings, gaps).Sample((limits, gapsMs) =>
        {
            var (burst, rate) = limits;
            var limiter = new SendRateLimiter(new ChatOptions { SendBurst = burst, SendsPerSecond = rate });
            var at = new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
            var accepted = new List<DateTimeOffset>();
            foreach (var gap in gapsMs)
            {
                at = at.AddMilliseconds(gap);
                try
                {
                    limiter.Take("u", at);
                    accepted.Add(at);
                }
                catch (DomainException e) when (e.Code == "SEND_RATE_LIMITED" && e.RetryAfter > TimeSpan.Zero)
                {
                }
            }

            // Over every stretch between two accepted sends, at most burst + rate x its length got through.
            for (var i = 0; i < accepted.Count; i++)
                for (var j = i; j < accepted.Count; j++)
                    if (j - i + 1 > burst + rate * (accepted[j] - accepted[i]).TotalSeconds + 1e-6) return false;
            // A quiet start lets a whole burst through at once.
            return gapsMs.Length < burst || accepted.Count >= Math.Min(burst, gapsMs.TakeWhile((g, k) => k == 0 || g == 0).Count());
        });
    }

    [Fact]
    public void ORG_5_ORG_11_a_link_with_max_uses_n_is_used_at_most_n_times_under_any_interleaving_of_uses_revokes_undos_and_expiry()
    {
        // An operation: 0-5 someone (of 6 people) follows the link, 6 a refusal gives a use back, 7 the link is revoked,
        // 8-9 time passes (a minute to an hour). The link lives 1-120 minutes and allows 1-5 uses.
        var operations = Gen.Select(Gen.Int[0, 9], Gen.Int[0, 5], Gen.Int[1, 60], (kind, who, minutes) => (Kind: kind, Who: who, Minutes: minutes)).Array[0, 40];
        Gen.Select(Gen.Int[1, 5], Gen.Int[1, 120], operations).Sample((maxUses, lifeMinutes, ops) =>
        {
            var created = new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
            var now = created;
            var state = new SchoolClassState();
            var invite = state.AddInvite(new InviteRecord
            {
                InviteId = "i",
                TokenHash = "h",
                ClassId = "c",
                Role = JoinRole.Student,
                CreatedBy = "t",
                CreatedAt = created,
                ExpiresAt = created.AddMinutes(lifeMinutes),
                MaxUses = maxUses,
            });
            var revoked = false;
            var next = 0;
            foreach (var (kind, who, minutes) in ops)
            {
                switch (kind)
                {
                    case <= 5:
                        var usable = !revoked && now < invite.ExpiresAt;
                        var usesBefore = invite.Uses;
                        try
                        {
                            var link = state.RequireUsableLink("i", "h", now);
                            if (state.ExistingRequest("p" + who, link) is null) state.Follow(link, "p" + who, "p" + who, "r" + next++, now);
                            if (!usable) return false;
                        }
                        catch (DomainException e) when (e.Code is SchoolErrors.InviteRevoked or SchoolErrors.InviteExpired or SchoolErrors.InviteUsedUp)
                        {
                            // A refusal counts nothing; a link still usable refuses only when it is used up.
                            if (invite.Uses != usesBefore || (usable && usesBefore < maxUses)) return false;
                        }

                        break;
                    case 6:
                        if (state.Requests.Values.FirstOrDefault(r => r.UserId == "p" + who) is { } request) state.Undo(request);
                        break;
                    case 7:
                        state.RevokeInvite("t", administrator: false, "i");
                        revoked = true;
                        break;
                    default:
                        now = now.AddMinutes(minutes);
                        break;
                }

                // The count is exactly the live requests made through the link, and never beyond its limit.
                if (invite.Uses > maxUses || invite.Uses != state.Requests.Values.Count(r => r.InviteId == "i")) return false;
            }

            return true;
        });
    }
}
