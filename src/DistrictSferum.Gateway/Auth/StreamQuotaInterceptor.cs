using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DistrictSferum.Gateway.Auth;

/// <summary>Issue 9: every server stream of a signed-in user counts against <see cref="CallRateLimitOptions.StreamsPerUser"/> while it is open.</summary>
public sealed class StreamQuotaInterceptor(StreamQuota quota) : Interceptor
{
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (context.GetHttpContext().User.FindFirst("sub")?.Value is not { Length: > 0 } userId)
        {
            await continuation(request, responseStream, context);
            return;
        }

        using var lease = quota.Enter(userId);
        await continuation(request, responseStream, context);
    }
}
