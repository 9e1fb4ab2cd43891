using System.Threading.Channels;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Identity;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DistrictSferum.Grains.Identity.Delivery;

/// <summary>A sign-in code waiting to leave the system.</summary>
public sealed record CodeDelivery(ContactAddress To, string Code, DateTimeOffset ExpiresAt);

/// <summary>
/// Issue 8: sending a code (SMTP, an SMS gateway, the development file) never runs inside a contact grain's turn. The
/// grain hands the code to this bounded queue and answers at once; a few workers per silo send, each delivery under a
/// timeout. A full queue refuses at once (the caller answers RESOURCE_EXHAUSTED with a retry-after), so a slow or hung
/// provider costs a bounded amount of memory and never a grain, a thread or a caller's deadline.
/// </summary>
public sealed class CodeDeliveryQueue(ICodeSender sender, IOptions<CodeDeliveryOptions> options, ILogger<CodeDeliveryQueue> logger) : BackgroundService
{
    private readonly Channel<CodeDelivery> queue = Channel.CreateBounded<CodeDelivery>(
        new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity)) { FullMode = BoundedChannelFullMode.Wait });

    private int inFlight;

    /// <summary>Deliveries queued or being sent.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>No room for another delivery now.</summary>
    public bool IsFull => queue.Reader.Count >= Math.Max(1, options.Value.QueueCapacity);

    /// <summary>Queues <paramref name="delivery"/>; false when the queue is full (nothing was queued).</summary>
    public bool TryEnqueue(CodeDelivery delivery)
    {
        Interlocked.Increment(ref inFlight);
        if (queue.Writer.TryWrite(delivery)) return true;
        Interlocked.Decrement(ref inFlight);
        SferumTelemetry.SignInCodeDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", "queue_full"));
        return false;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => WorkAsync(stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var delivery in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await SendAsync(delivery, stoppingToken);
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(CodeDelivery delivery, CancellationToken stoppingToken)
    {
        var timeout = options.Value.SendTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        deadline.CancelAfter(timeout);
        string outcome;
        try
        {
            // WaitAsync: a sender that ignores its token still frees this worker at the deadline.
            await sender.SendAsync(delivery.To, delivery.Code, delivery.ExpiresAt, deadline.Token).WaitAsync(deadline.Token);
            outcome = "sent";
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            outcome = "timeout";
            logger.LogWarning("A sign-in code delivery ({Kind}) did not finish within {Timeout}; it was abandoned", delivery.To.Kind, timeout);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Only the exception's type: a provider's message may quote the address.
            outcome = "failed";
            logger.LogWarning("A sign-in code delivery ({Kind}) failed: {Error}", delivery.To.Kind, e.GetType().Name);
        }

        SferumTelemetry.SignInCodeDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
    }
}
