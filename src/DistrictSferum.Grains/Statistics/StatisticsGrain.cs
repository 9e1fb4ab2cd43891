using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Contracts.Statistics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using DistrictSferum.Grains.Schools;

namespace DistrictSferum.Grains.Statistics;

/// <summary>
/// The query side (ORG-14, DIS-4): decides who sees what, reads cells, names them without identifiers (a class by
/// name only for its own school's staff, by grade for everyone else) and suppresses every cell with fewer than k
/// members behind it, with complementary suppression so no total gives one away.
/// </summary>
[StatelessWorker]
public sealed class StatisticsGrain(
    PostgresUsageStore store,
    PublishedUsageCache published,
    IUsageRecorder recorder,
    IOptions<StatisticsOptions> options,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock) : Grain, IStatisticsGrain
{
    private readonly Dictionary<string, (SchoolUsageShape Shape, DateTimeOffset At)> shapes = [];
    private long districtPokedAt = Environment.TickCount64 - 60_000;

    private int K => options.Value.K;

    public async Task<SchoolStatistics> GetSchoolStatistics(Actor actor, string schoolId, StatisticsPeriod period, DateOnly? day)
    {
        var staff = await SchoolViewerAsync(actor, schoolId);
        var (from, to) = StatisticsRules.PeriodRange(period, day ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var metrics = StatisticsRules.DefaultMetrics;
        var daily = await ReadAsync(new UsageQuery(schoolId, from, to, UsageBucketSize.Day, [], metrics), staff);
        var byClass = await ReadAsync(new UsageQuery(schoolId, from, to, UsageBucketSize.Day, [UsageDimension.Class], metrics), staff);
        var byKind = await ReadAsync(new UsageQuery(schoolId, from, to, UsageBucketSize.Day, [UsageDimension.ChatKind], metrics), staff);
        var byRole = await ReadAsync(new UsageQuery(schoolId, from, to, UsageBucketSize.Day, [UsageDimension.Role], metrics), staff);
        var (median, parents) = await store.ReplyMedianAsync(schoolId, from, to);
        return new SchoolStatistics(schoolId, (await ShapeAsync(schoolId)).Name, from, to, K,
            Publish(UsagePublishing.OverPeriod(daily, from)),
            Publish(daily, [], UsageBucketSize.Day),
            Publish(UsagePublishing.OverPeriod(byClass, from), [UsageDimension.Class]),
            Publish(UsagePublishing.OverPeriod(byKind, from), [UsageDimension.ChatKind]),
            Publish(UsagePublishing.OverPeriod(byRole, from), [UsageDimension.Role]),
            parents >= K ? median : null);
    }

    public async Task<DistrictStatistics> GetDistrictStatistics(Actor actor, StatisticsPeriod period, DateOnly? day)
    {
        await DistrictViewerAsync(actor);
        var (from, to) = StatisticsRules.PeriodRange(period, day ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var metrics = StatisticsRules.DefaultMetrics;
        var daily = await ReadAsync(new UsageQuery(null, from, to, UsageBucketSize.Day, [], metrics), false);
        var bySchool = await ReadAsync(new UsageQuery(null, from, to, UsageBucketSize.Day, [UsageDimension.School], metrics), false);
        return new DistrictStatistics(from, to, K,
            Publish(UsagePublishing.OverPeriod(daily, from)),
            Publish(daily, [], UsageBucketSize.Day),
            Publish(UsagePublishing.OverPeriod(bySchool, from), [UsageDimension.School]));
    }

    public async Task<UsageTable> QueryUsage(Actor actor, UsageQuery query)
    {
        var staff = query.SchoolId is { } schoolId ? await SchoolViewerAsync(actor, schoolId) : await DistrictViewerAsync(actor);
        var valid = StatisticsRules.Validate(query);
        return new UsageTable(valid.Bucket, K, await PublishedAsync(valid, staff));
    }

    public async Task<IReadOnlyList<ClosedUsageBucket>> ClosedAfter(Actor actor, string? schoolId, UsageBucketSize bucket,
        IReadOnlyList<UsageDimension> groupBy, DateTimeOffset after, int limit)
    {
        var staff = schoolId is not null ? await SchoolViewerAsync(actor, schoolId) : await DistrictViewerAsync(actor);
        var span = StatisticsRules.Span(bucket);
        if (await store.ClosedThroughAsync(schoolId) is not { } closedThrough) return [];
        var lastClosed = StatisticsRules.Floor(closedThrough, bucket);
        if (lastClosed + span > closedThrough) lastClosed -= span;
        var first = after == DateTimeOffset.MinValue ? lastClosed : StatisticsRules.Floor(after, bucket) + span;
        if (first > lastClosed) return [];
        if ((lastClosed - first) / span >= limit) lastClosed = first + span * (Math.Max(1, limit) - 1);
        var query = StatisticsRules.Validate(new UsageQuery(schoolId, first, lastClosed + span, bucket, groupBy, []));
        var cells = await PublishedAsync(query, staff);
        var byStart = cells.ToLookup(c => c.BucketStart);
        var buckets = new List<ClosedUsageBucket>();
        for (var start = first; start <= lastClosed; start += span) buckets.Add(new ClosedUsageBucket(start, byStart[start].ToList(), K));
        return buckets;
    }

    public async Task RecordSession(Actor actor, Guid sessionId, DateTimeOffset startedAt, TimeSpan connected)
    {
        if (actor.UserId.StartsWith(UsageKinds.ServiceAccountPrefix, StringComparison.Ordinal)) return;
        var profile = await GrainFactory.GetGrain<Users.IUserDirectory>(actor.UserId).GetProfileUnchecked();
        var seconds = Math.Max(0, connected.TotalSeconds);
        foreach (var schoolId in profile.SchoolIds)
        {
            var roles = await GrainFactory.GetGrain<ISchoolUsageSource>(schoolId).UsageRoles([actor.UserId]);
            // The event id comes from the session: the stream's own end and the sweep of a dead process count it once.
            await recorder.RecordAsync(schoolId, [new UsageRecord($"session:{sessionId:N}:{schoolId}", UsageKinds.Session, actor.UserId, null, null,
                roles.GetValueOrDefault(actor.UserId) ?? "", startedAt, seconds)]);
        }
    }

    // --- who sees what ---

    /// <summary>ORG-14: a school's administrators and director see it by class name; district viewers by grade.</summary>
    private async Task<bool> SchoolViewerAsync(Actor actor, string schoolId)
    {
        if (string.IsNullOrEmpty(schoolId)) throw DomainException.Invalid(CommonErrors.IdInvalid, "school_id is missing.", Rules.Org14);
        GrainFactory.GetGrain<ISchoolUsageGrain>(schoolId).Start().Ignore();
        MemberView? member = null;
        if (!actor.UserId.StartsWith(UsageKinds.ServiceAccountPrefix, StringComparison.Ordinal))
        {
            try
            {
                member = await GrainFactory.GetGrain<ISchoolFacts>(schoolId).GetMembership(actor.UserId);
            }
            catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
            {
            }
        }

        if (member is not null && (member.Roles & (SchoolRoles.Administrator | SchoolRoles.Director)) != 0) return true;
        var district = await Access.IsDistrictViewer(actor.UserId);
        if (district && (await ShapeAsync(schoolId)).Registered) return false;
        if (member is not null)
            throw DomainException.Denied(StatisticsErrors.StatisticsDenied, "A school's statistics are for its administrators and director.", Rules.Org14);
        throw DomainException.NotFound(CommonErrors.SchoolNotFound, "No such school.", Rules.Dis1);
    }

    private async Task<bool> DistrictViewerAsync(Actor actor)
    {
        if (!await Access.IsDistrictViewer(actor.UserId))
            throw DomainException.Denied(StatisticsErrors.StatisticsDenied, "District statistics are for operators, analysts and statistics service accounts.", Rules.Dis4);
        if (Environment.TickCount64 - districtPokedAt > 30_000)
        {
            foreach (var school in await store.AggregatedSchoolsAsync()) GrainFactory.GetGrain<ISchoolUsageGrain>(school).Start().Ignore();
            districtPokedAt = Environment.TickCount64;
        }

        return false;
    }

    private IStatisticsViewers Access => GrainFactory.GetGrain<IStatisticsViewers>(IStatisticsAccessGrain.Key);

    // --- reading and publishing ---

    private async Task<List<UsageRow>> ReadAsync(UsageQuery q, bool staff)
    {
        var selection = new CellSelection(CellKey.Code(q.Bucket), q.From, q.To, q.SchoolId, q.GroupBy.Contains(UsageDimension.School),
            !q.GroupBy.Contains(UsageDimension.Class) ? ClassLevel.All : staff ? ClassLevel.Class : ClassLevel.Grade,
            q.GroupBy.Contains(UsageDimension.ChatKind), q.GroupBy.Contains(UsageDimension.Role),
            q.Metrics);
        var cells = await store.CellsAsync(selection);
        var schoolNames = new Dictionary<string, string>();
        foreach (var schoolId in cells.Select(c => c.SchoolId).Where(id => id.Length > 0).Distinct())
            schoolNames[schoolId] = (await ShapeAsync(schoolId)).Name;
        var rows = new List<UsageRow>(cells.Count);
        foreach (var c in cells)
        {
            var schoolName = schoolNames.GetValueOrDefault(c.SchoolId);
            var classLevel = c.ClassKey.Length == 0 ? ClassLevel.All : c.ClassKey.StartsWith("c:", StringComparison.Ordinal) ? ClassLevel.Class : ClassLevel.Grade;
            var value = c.Kind == UsageKinds.ActiveMembers ? c.Members : c.Count;
            rows.Add(new UsageRow(new UsageCell(c.BucketStart, NullIfEmpty(c.SchoolId), schoolName,
                classLevel == ClassLevel.Class ? c.ClassName : null,
                classLevel != ClassLevel.All && c.Grade > 0 ? c.Grade : null,
                NullIfEmpty(c.ChatKind), NullIfEmpty(c.Role), c.Kind, value, c.Seconds, false), c.Members, value));
        }

        return rows;
    }

    /// <summary>A query's published cells, from the cache when its whole range was closed when first read.</summary>
    private async Task<IReadOnlyList<UsageCell>> PublishedAsync(UsageQuery q, bool staff)
    {
        var key = PublishedUsageCache.Key.Of(q, staff, K);
        if (published.TryGet(key, out var kept)) return kept;
        var closedThrough = await store.ClosedThroughAsync(q.SchoolId);
        var cells = Publish(await ReadAsync(q, staff), q.GroupBy, q.Bucket);
        if (closedThrough is { } through && q.To <= through) published.Keep(key, cells);
        return cells;
    }

    private List<UsageCell> Publish(List<UsageRow> rows, IReadOnlyList<UsageDimension>? groupBy = null, UsageBucketSize? bucket = null) =>
        UsagePublishing.Publish(rows, K, groupBy ?? [], bucket);

    private async Task<SchoolUsageShape> ShapeAsync(string schoolId)
    {
        var now = TimeProvider.System.GetUtcNow();
        if (shapes.TryGetValue(schoolId, out var known) && now - known.At < TimeSpan.FromSeconds(30)) return known.Shape;
        var shape = await GrainFactory.GetGrain<ISchoolUsageSource>(schoolId).UsageShape();
        if (shapes.Count > 5000) shapes.Clear();
        shapes[schoolId] = (shape, now);
        return shape;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
