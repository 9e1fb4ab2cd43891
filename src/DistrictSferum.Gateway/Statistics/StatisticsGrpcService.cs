using System.Threading.Channels;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Statistics;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Gateway.Chats;
using DistrictSferum.Gateway.Statistics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using P = DistrictSferum.Protos.V1;

namespace DistrictSferum.Gateway.Services;

/// <summary>ORG-14, DIS-4: thin translation to the statistics grain, which decides who sees what and suppresses.</summary>
public sealed class StatisticsGrpcService(IGrainFactory grains, ChatFanout fanout) : P.StatisticsService.StatisticsServiceBase
{
    private IStatisticsGrain Statistics => grains.GetGrain<IStatisticsGrain>(0);

    public override async Task<P.GetSchoolStatisticsResponse> GetSchoolStatistics(P.GetSchoolStatisticsRequest request, ServerCallContext context)
    {
        var s = await Statistics.GetSchoolStatistics(context.Actor(), GrainKeys.Require(request.SchoolId, "school_id"),
            request.Period.ToContract(), StatisticsMapping.ParseDay(request.Day));
        var response = new P.GetSchoolStatisticsResponse
        {
            SchoolId = s.SchoolId,
            SchoolName = s.SchoolName,
            From = s.From.ToTimestamp(),
            To = s.To.ToTimestamp(),
            K = s.K,
            Totals = { s.Totals.Select(c => c.ToProto()) },
            Daily = { s.Daily.Select(c => c.ToProto()) },
            ByClass = { s.ByClass.Select(c => c.ToProto()) },
            ByChatKind = { s.ByChatKind.Select(c => c.ToProto()) },
            ByRole = { s.ByRole.Select(c => c.ToProto()) },
        };
        if (s.MedianFirstStaffReplySeconds is { } median) response.MedianFirstStaffReplySeconds = median;
        return response;
    }

    public override async Task<P.GetDistrictStatisticsResponse> GetDistrictStatistics(P.GetDistrictStatisticsRequest request, ServerCallContext context)
    {
        var s = await Statistics.GetDistrictStatistics(context.Actor(), request.Period.ToContract(), StatisticsMapping.ParseDay(request.Day));
        return new P.GetDistrictStatisticsResponse
        {
            From = s.From.ToTimestamp(),
            To = s.To.ToTimestamp(),
            K = s.K,
            Totals = { s.Totals.Select(c => c.ToProto()) },
            Daily = { s.Daily.Select(c => c.ToProto()) },
            BySchool = { s.BySchool.Select(c => c.ToProto()) },
        };
    }

    public override async Task<P.QueryUsageResponse> QueryUsage(P.QueryUsageRequest request, ServerCallContext context)
    {
        if (request.From is null || request.To is null)
            throw DomainException.Invalid(StatisticsErrors.RangeInvalid, "from and to are required.", Rules.Dis4);
        var table = await Statistics.QueryUsage(context.Actor(), new UsageQuery(
            request.SchoolId is { Length: > 0 } school ? GrainKeys.Require(school, "school_id") : null, request.From.ToRequiredInstant("from"), request.To.ToRequiredInstant("to"),
            request.Bucket.ToContract(UsageBucketSize.Hour), request.GroupBy.ToContract(), request.Metrics.ToList()));
        return new P.QueryUsageResponse { K = table.K, Cells = { table.Cells.Select(c => c.ToProto()) } };
    }

    /// <summary>
    /// Closed buckets from PostgreSQL after the cursor, then whenever the usage stream rings (or every few seconds,
    /// should a ring be lost): the stream is only a doorbell, so nothing a watcher is owed depends on it.
    /// </summary>
    public override async Task WatchUsage(P.WatchUsageRequest request, IServerStreamWriter<P.WatchUsageResponse> responseStream, ServerCallContext context)
    {
        var actor = context.Actor();
        var schoolId = request.SchoolId is { Length: > 0 } s ? GrainKeys.Require(s, "school_id") : null;
        var bucket = request.Bucket.ToContract(UsageBucketSize.Minute);
        var groupBy = request.GroupBy.ToContract();
        var after = StatisticsMapping.ParseCursor(request.Cursor);
        // Ends early when the caller's session is revoked or its access token expires (SessionInterceptor).
        var cancellation = SessionInterceptor.StreamToken(context);
        var rings = Channel.CreateBounded<object>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        // Checks access and the request before anything is streamed.
        var first = await Statistics.ClosedAfter(actor, schoolId, bucket, groupBy, after, 200);
        await using var registration = await fanout.ListenAsync(StreamNames.Usage, schoolId ?? StreamNames.UsageDistrictKey, rings.Writer);
        var pending = first;
        while (!cancellation.IsCancellationRequested)
        {
            foreach (var closed in pending)
            {
                await responseStream.WriteAsync(new P.WatchUsageResponse
                {
                    BucketStart = closed.BucketStart.ToTimestamp(),
                    Cursor = StatisticsMapping.Cursor(closed.BucketStart),
                    K = closed.K,
                    Cells = { closed.Cells.Select(c => c.ToProto()) },
                }, cancellation);
                after = closed.BucketStart;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            wait.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await rings.Reader.WaitToReadAsync(wait.Token);
                while (rings.Reader.TryRead(out _))
                {
                }
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
            }

            if (cancellation.IsCancellationRequested) break;
            // Asks again each round: a revoked analyst or service account stops receiving at once.
            pending = await Statistics.ClosedAfter(actor, schoolId, bucket, groupBy, after, 200);
        }
    }
}
