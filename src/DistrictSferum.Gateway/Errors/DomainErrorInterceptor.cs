using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Gateway.Chats;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace DistrictSferum.Gateway.Errors;

/// <summary>
/// The one place a domain refusal becomes a gRPC status: the status code by kind, a google.rpc.ErrorInfo whose
/// reason is the stable code and whose metadata names the rule, a google.rpc.BadRequest with the wrong fields for
/// INVALID_ARGUMENT and a google.rpc.RetryInfo for RESOURCE_EXHAUSTED.
/// </summary>
public sealed class DomainErrorInterceptor(ILogger<DomainErrorInterceptor> logger) : Interceptor
{
    public const string Domain = "districtsferum";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (Translate(e, context) is { } rpc)
        {
            throw rpc;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (Translate(e, context) is { } rpc)
        {
            throw rpc;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (Translate(e, context) is { } rpc)
        {
            throw rpc;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (Translate(e, context) is { } rpc)
        {
            throw rpc;
        }
    }

    public static StatusCode StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        ErrorKind.NotFound => StatusCode.NotFound,
        ErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        ErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        ErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        ErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        ErrorKind.Unauthenticated => StatusCode.Unauthenticated,
        ErrorKind.Unavailable => StatusCode.Unavailable,
        _ => StatusCode.Internal,
    };

    public static RpcException ToRpcException(DomainException e) => ToStatus(e).ToRpcException();

    /// <summary>The google.rpc.Status of a refusal, for answers written outside a gRPC handler (the rate limiter).</summary>
    public static Google.Rpc.Status ToStatus(DomainException e)
    {
        var info = new ErrorInfo { Reason = e.Code, Domain = Domain };
        if (e.RuleId is { } rule) info.Metadata["rule"] = rule;
        var message = e.RuleId is { } id ? $"{e.Message} [{id}]" : e.Message;
        var status = new Google.Rpc.Status { Code = (int)StatusOf(e.Kind), Message = message, Details = { Any.Pack(info) } };
        if (e.Kind == ErrorKind.InvalidArgument)
        {
            // Always present for INVALID_ARGUMENT, so a client can rely on it; empty only when no one field is to blame.
            status.Details.Add(Any.Pack(new BadRequest
            {
                FieldViolations =
                {
                    e.FieldViolations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description, Reason = e.Code }),
                },
            }));
        }

        if (e.Kind == ErrorKind.ResourceExhausted)
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(e.RetryAfter ?? TimeSpan.FromSeconds(1)) }));
        return status;
    }

    private RpcException? Translate(Exception e, ServerCallContext context)
    {
        switch (e)
        {
            case RpcException:
                return null;
            case DomainException domain:
                logger.LogInformation("{Method} refused: {Code} {Rule}", context.Method, domain.Code, domain.RuleId);
                SferumTelemetry.Refusals.Add(1, new("reason", domain.Code), new("rule", domain.RuleId ?? "none"));
                return ToRpcException(domain);
            case var transient when ClusterRetry.IsTransient(transient):
                // The cluster is reshaping (a silo died or is joining): a retry will find the grain's new home.
                logger.LogWarning(e, "{Method} hit an unavailable cluster", context.Method);
                return new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "The cluster is busy or reshaping; retry."));
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Grpc.Core.Status(StatusCode.Cancelled, "The call was cancelled."));
            default:
                logger.LogError(e, "{Method} failed", context.Method);
                return null;
        }
    }
}
