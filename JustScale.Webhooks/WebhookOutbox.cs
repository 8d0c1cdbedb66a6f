using JustScale.Auth;
using JustScale.Core;

namespace JustScale.Webhooks;

/// <summary>Writes one outbox row per interested endpoint for each auth event, in the transaction of the change (at-least-once delivery starts here).</summary>
/// <remarks>The commit wakes this instance's dispatcher; other instances find the rows at their next poll.</remarks>
internal sealed class WebhookOutbox(IRepository<WebhookDelivery> deliveries, WebhooksOptions options, WebhookDispatcher dispatcher) : IAuthEventRecorder
{
    public async ValueTask RecordAsync(AuthEvent authEvent, CancellationToken cancellationToken)
    {
        string? payload = null;
        var messageId = "msg_" + Guid.CreateVersion7(authEvent.At).ToString("N");
        foreach (var endpoint in options.Endpoints)
        {
            if (!endpoint.Wants(authEvent.Type))
            {
                continue;
            }

            payload ??= WebhookPayload.Write(messageId, authEvent, options.Source);
            await deliveries.InsertAsync(new WebhookDelivery
            {
                MessageId = messageId,
                Url = endpoint.Url,
                Type = authEvent.Type,
                Payload = payload,
                Status = WebhookStatus.Pending,
                NextAttemptAt = Timestamps.Normalize(authEvent.At),
            }, cancellationToken).ConfigureAwait(false);
        }

        if (payload is null)
        {
            return;
        }

        if (UnitOfWork.Current is { IsActive: true } transaction)
        {
            transaction.OnCommitted(() =>
            {
                dispatcher.Wake();
                return Task.CompletedTask;
            });
        }
        else
        {
            dispatcher.Wake();
        }
    }
}
