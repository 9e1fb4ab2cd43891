using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>
/// Turns "the call never reached the server" (UNAVAILABLE raised by the client itself, with the transport's
/// exception attached) into one clear message naming the address; UNAVAILABLE sent by the server passes through.
/// </summary>
internal sealed class UnreachableServerInterceptor(string server) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(Translate(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    /// <summary>Server streams (<c>chat tail</c>): the same translation when reading the stream fails that way.</summary>
    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncServerStreamingCall<TResponse>(new TranslatingReader<TResponse>(call.ResponseStream, this), call.ResponseHeadersAsync,
            call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private async Task<T> Translate<T>(Task<T> response)
    {
        try
        {
            return await response;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && e.Status.DebugException is { } cause)
        {
            throw new CliException($"the server is unreachable at {server} ({Innermost(cause).Message})", ExitCodes.Unavailable,
                "check --server, $SFERUM_SERVER or the saved login's server, and that the server is running", e);
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    private sealed class TranslatingReader<T>(IAsyncStreamReader<T> inner, UnreachableServerInterceptor owner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public Task<bool> MoveNext(CancellationToken cancellationToken) => owner.Translate(inner.MoveNext(cancellationToken));
    }
}
