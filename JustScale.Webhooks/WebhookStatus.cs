namespace JustScale.Webhooks;

/// <summary>Names the states of a <see cref="WebhookDelivery"/>.</summary>
public static class WebhookStatus
{
    /// <summary>Waiting for its next attempt.</summary>
    public const string Pending = "pending";

    /// <summary>Accepted by the endpoint (a 2xx answer).</summary>
    public const string Delivered = "delivered";

    /// <summary>Given up after the last attempt (a dead letter), until an admin redelivers it.</summary>
    public const string Dead = "dead";
}
