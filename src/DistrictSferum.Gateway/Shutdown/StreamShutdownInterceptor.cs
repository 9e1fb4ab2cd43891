using DistrictSferum.Gateway.Errors;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Hosting;

namespace DistrictSferum.Gateway.Shutdown;

/// <summary>
/// Long-lived server streams would hold a stopping server open until its shutdown timeout. When the host begins to
/// stop, every open stream ends at once with UNAVAILABLE and the reason <see cref="Reason"/>: the client reconnects
/// (to another silo) with its last positions and misses nothing, since the log fills the gap.
/// </summary>
public sealed class StreamShutdownInterceptor(IHostApplicationLifetime lifetime) : Interceptor
{
    public const string Reason = "SERVER_STOPPING";

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var call = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await continuation(request, responseStream, new StoppableCallContext(context, call.Token));
        }
        catch (Exception) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw Stopping();
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var call = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await continuation(requestStream, responseStream, new StoppableCallContext(context, call.Token));
        }
        catch (Exception) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw Stopping();
        }
    }

    private static RpcException Stopping()
    {
        var info = new ErrorInfo { Reason = Reason, Domain = DomainErrorInterceptor.Domain };
        return new Google.Rpc.Status
        {
            Code = (int)StatusCode.Unavailable,
            Message = "The server is restarting; reconnect with your last positions.",
            Details = { Any.Pack(info) },
        }.ToRpcException();
    }

    /// <summary>The call's context with a cancellation token that also fires when the host stops.</summary>
    private sealed class StoppableCallContext : ServerCallContext
    {
        private const string HttpContextKey = "__HttpContext";
        private readonly ServerCallContext inner;
        private readonly CancellationToken cancellationToken;

        public StoppableCallContext(ServerCallContext inner, CancellationToken cancellationToken)
        {
            this.inner = inner;
            this.cancellationToken = cancellationToken;
            // GetHttpContext() finds the HttpContext of a context it did not create through this user-state key.
            inner.UserState[HttpContextKey] = inner.GetHttpContext();
        }

        protected override string MethodCore => inner.Method;

        protected override string HostCore => inner.Host;

        protected override string PeerCore => inner.Peer;

        protected override DateTime DeadlineCore => inner.Deadline;

        protected override Metadata RequestHeadersCore => inner.RequestHeaders;

        protected override CancellationToken CancellationTokenCore => cancellationToken;

        protected override Metadata ResponseTrailersCore => inner.ResponseTrailers;

        protected override Grpc.Core.Status StatusCore
        {
            get => inner.Status;
            set => inner.Status = value;
        }

        protected override WriteOptions? WriteOptionsCore
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        protected override AuthContext AuthContextCore => inner.AuthContext;

        protected override IDictionary<object, object> UserStateCore => inner.UserState;

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
            inner.CreatePropagationToken(options);

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => inner.WriteResponseHeadersAsync(responseHeaders);
    }
}
