using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DistrictSferum.Tests.Infrastructure;

/// <summary>
/// A call a test left without a deadline gets one, so a server that never answers fails that test instead of
/// hanging the whole run (a hung CI run lands nothing). Generous: no call of a healthy test comes near it.
/// </summary>
public sealed class TestDeadlines : Interceptor
{
    public static readonly TimeSpan Unary = TimeSpan.FromMinutes(3);
    public static readonly TimeSpan Streaming = TimeSpan.FromMinutes(8);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation) => continuation(request, Bounded(context, Unary));

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        BlockingUnaryCallContinuation<TRequest, TResponse> continuation) => continuation(request, Bounded(context, Unary));

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, Bounded(context, Streaming));

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(Bounded(context, Streaming));

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(Bounded(context, Streaming));

    private static ClientInterceptorContext<TRequest, TResponse> Bounded<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, TimeSpan limit)
        where TRequest : class
        where TResponse : class =>
        context.Options.Deadline is not null ? context : new(context.Method, context.Host, context.Options.WithDeadline(DateTime.UtcNow + limit));
}
