using JustScale.Core;

namespace JustScale.Webhooks;

/// <summary>Holds the fields of <see cref="WebhookDelivery"/> that queries use, and the "due" condition.</summary>
internal static class WebhookFields
{
    public static readonly Field<WebhookDelivery, Guid> Id = WebhookDelivery.Model.Id;
    public static readonly Field<WebhookDelivery, string> Status = WebhookDelivery.Model.Field(d => d.Status);
    public static readonly Field<WebhookDelivery, int> Attempts = WebhookDelivery.Model.Field(d => d.Attempts);
    public static readonly Field<WebhookDelivery, DateTimeOffset> NextAttemptAt = WebhookDelivery.Model.Field(d => d.NextAttemptAt);
    public static readonly Field<WebhookDelivery, DateTimeOffset?> LockedUntil = WebhookDelivery.Model.Field(d => d.LockedUntil);
    public static readonly Field<WebhookDelivery, string?> LastError = WebhookDelivery.Model.Field(d => d.LastError);
    public static readonly Field<WebhookDelivery, DateTimeOffset?> DeliveredAt = WebhookDelivery.Model.Field(d => d.DeliveredAt);

    /// <summary>Pending, due, and not held by an instance (never held, or its hold ran out).</summary>
    public static Filter<WebhookDelivery> Due(DateTimeOffset now) =>
        Filter<WebhookDelivery>.Where(Status, WebhookStatus.Pending).And(NextAttemptAt, Comparison.LessThanOrEqual, now)
        & (Filter<WebhookDelivery>.Where(LockedUntil, null) | Filter<WebhookDelivery>.Where(LockedUntil, Comparison.LessThanOrEqual, now));
}
