namespace JustScale.Webhooks;

/// <summary>Claims due deliveries for one attempt: each row goes to one instance, which holds it until <c>lockedUntil</c>.</summary>
internal interface IWebhookClaimer
{
    /// <summary>Claims up to <paramref name="limit"/> pending deliveries due at <paramref name="now"/> and not held, counting an
    /// attempt and holding each until <paramref name="lockedUntil"/>; returns them as claimed.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ClaimAsync(DateTimeOffset now, DateTimeOffset lockedUntil, int limit, CancellationToken cancellationToken);
}
