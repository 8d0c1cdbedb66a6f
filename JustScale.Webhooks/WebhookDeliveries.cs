using JustScale.Core;

namespace JustScale.Webhooks;

/// <summary>Lists webhook deliveries (the dead letters above all) and redelivers them; the admin routes use it.</summary>
/// <param name="deliveries">The outbox repository.</param>
/// <param name="timeProvider">The clock.</param>
public sealed class WebhookDeliveries(IRepository<WebhookDelivery> deliveries, TimeProvider timeProvider)
{
    private readonly IRepository<WebhookDelivery> _deliveries = deliveries ?? throw new ArgumentNullException(nameof(deliveries));
    private readonly TimeProvider _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <summary>Returns up to <paramref name="limit"/> deliveries in a status (<see cref="WebhookStatus"/>), the most recently due first.</summary>
    public Task<IReadOnlyList<WebhookDelivery>> ListAsync(string status, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _deliveries.FindManyAsync(
            Filter<WebhookDelivery>.Where(WebhookFields.Status, status),
            new FindOptions<WebhookDelivery> { OrderBy = WebhookFields.NextAttemptAt, Descending = true, Limit = limit }, cancellationToken);
    }

    /// <summary>Puts a dead (or delivered) delivery back in the queue with a fresh set of attempts and the same message id; false when there is none.</summary>
    public async Task<bool> RedeliverAsync(Guid id, CancellationToken cancellationToken = default) =>
        await _deliveries.UpdateWhereAsync(
            Filter<WebhookDelivery>.Where(WebhookFields.Id, id).And(WebhookFields.Status, Comparison.NotEqual, WebhookStatus.Pending),
            Changes<WebhookDelivery>.Of(WebhookFields.Status, WebhookStatus.Pending).Set(WebhookFields.Attempts, 0)
                .Set(WebhookFields.NextAttemptAt, Timestamps.Now(_time)).Set(WebhookFields.LockedUntil, null),
            cancellationToken).ConfigureAwait(false) > 0;

    internal Task MarkDeliveredAsync(WebhookDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken) =>
        _deliveries.UpdateWhereAsync(Held(delivery), Changes<WebhookDelivery>.Of(WebhookFields.Status, WebhookStatus.Delivered)
            .Set(WebhookFields.DeliveredAt, now).Set(WebhookFields.LockedUntil, null).Set(WebhookFields.LastError, null), cancellationToken);

    internal Task MarkDeadAsync(WebhookDelivery delivery, string error, CancellationToken cancellationToken) =>
        _deliveries.UpdateWhereAsync(Held(delivery), Changes<WebhookDelivery>.Of(WebhookFields.Status, WebhookStatus.Dead)
            .Set(WebhookFields.LockedUntil, null).Set(WebhookFields.LastError, error), cancellationToken);

    internal Task ScheduleRetryAsync(WebhookDelivery delivery, DateTimeOffset next, string error, CancellationToken cancellationToken) =>
        _deliveries.UpdateWhereAsync(Held(delivery), Changes<WebhookDelivery>.Of(WebhookFields.NextAttemptAt, next)
            .Set(WebhookFields.LockedUntil, null).Set(WebhookFields.LastError, error), cancellationToken);

    // Only while this attempt still holds the row: a hold that ran out (and was claimed again) is not overwritten.
    private static Filter<WebhookDelivery> Held(WebhookDelivery delivery) =>
        Filter<WebhookDelivery>.Where(WebhookFields.Id, delivery.Id).And(WebhookFields.LockedUntil, delivery.LockedUntil);
}
