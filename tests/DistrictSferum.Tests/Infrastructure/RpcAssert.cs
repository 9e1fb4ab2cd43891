using Google.Rpc;
using Grpc.Core;

namespace DistrictSferum.Tests.Infrastructure;

/// <summary>Asserts on a refused RPC: its status, and the stable reason and rule of its google.rpc.ErrorInfo.</summary>
public static class RpcAssert
{
    public static async Task<RpcException> Fails(StatusCode status, Func<Task> call, string? reason = null, string? rule = null)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(status, e.StatusCode);
        if (reason is null && rule is null) return e;

        var info = e.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        if (reason is not null) Assert.Equal(reason, info.Reason);
        if (rule is not null) Assert.Equal(rule, info.Metadata["rule"]);
        return e;
    }

    public static Task<RpcException> Fails<T>(StatusCode status, Func<AsyncUnaryCall<T>> call, string? reason = null, string? rule = null) =>
        Fails(status, async () => await call(), reason, rule);

    /// <summary>
    /// INVALID_ARGUMENT whose google.rpc.BadRequest names <paramref name="field"/> (its path in the request) with
    /// <paramref name="reason"/>, beside the ErrorInfo with the same reason.
    /// </summary>
    public static async Task<BadRequest.Types.FieldViolation> FailsOnField<T>(Func<AsyncUnaryCall<T>> call, string field, string reason, string? rule = null)
    {
        var e = await Fails(StatusCode.InvalidArgument, call, reason, rule);
        var badRequest = e.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        var violation = Assert.Single(badRequest.FieldViolations, v => v.Field == field);
        Assert.Equal(reason, violation.Reason);
        Assert.NotEmpty(violation.Description);
        return violation;
    }
}
