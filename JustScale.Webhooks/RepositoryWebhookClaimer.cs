using JustScale.Core;

namespace JustScale.Webhooks;

/// <summary>Claims through the repository abstraction on any store: candidates are read, then each is taken by one conditional
/// increment (<see cref="IRepository{T}.IncrementWhereAsync"/>), which only one caller can win.</summary>
/// <remarks>The in-memory store's claim (one process); on PostgreSQL <see cref="PgWebhookClaimer"/> is used instead, which does
/// not make instances race for the same candidates.</remarks>
internal sealed class RepositoryWebhookClaimer(IRepository<WebhookDelivery> deliveries) : IWebhookClaimer
{
    public async Task<IReadOnlyList<WebhookDelivery>> ClaimAsync(DateTimeOffset now, DateTimeOffset lockedUntil, int limit, CancellationToken cancellationToken)
    {
        var candidates = await deliveries.FindManyAsync(
            WebhookFields.Due(now), new FindOptions<WebhookDelivery> { OrderBy = WebhookFields.NextAttemptAt, Limit = limit }, cancellationToken).ConfigureAwait(false);
        var claimed = new List<WebhookDelivery>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var taken = await deliveries.IncrementWhereAsync(
                Filter<WebhookDelivery>.Where(WebhookFields.Id, candidate.Id) & WebhookFields.Due(now),
                WebhookFields.Attempts, 1, Changes<WebhookDelivery>.Of(WebhookFields.LockedUntil, lockedUntil), cancellationToken).ConfigureAwait(false);
            claimed.AddRange(taken);
        }

        return claimed;
    }
}
