using JustScale.Core;

namespace JustScale.Webhooks;

/// <summary>Represents one event to deliver to one endpoint (the outbox, table <c>webhook_deliveries</c> in the docs): written
/// in the transaction of the change, then claimed, sent, retried and finally delivered or dead-lettered.</summary>
/// <remarks>The payload is fixed when written, and <see cref="MessageId"/> is the <c>webhook-id</c> of every attempt, so a
/// receiver recognises a retry. The endpoint's secret is never stored here: it stays in configuration.</remarks>
public sealed class WebhookDelivery : Entity, IModel<WebhookDelivery>
{
    /// <summary>Gets the model: message id, endpoint, type, payload, status, attempts, next attempt, lease and outcome, with
    /// an index on (<see cref="Status"/>, <see cref="NextAttemptAt"/>) for the claim.</summary>
    public static Model<WebhookDelivery> Model { get; } = Model<WebhookDelivery>.Define("WebhookDelivery", m => m
        .String(d => d.MessageId, maxLength: 64)
        .String(d => d.Url, maxLength: 2000)
        .String(d => d.Type, maxLength: 64)
        .String(d => d.Payload, maxLength: 65536)
        .String(d => d.Status, maxLength: 16)
        .Field(d => d.Attempts)
        .Field(d => d.NextAttemptAt)
        .Field(d => d.LockedUntil)
        .String(d => d.LastError, maxLength: 500)
        .Field(d => d.DeliveredAt)
        .Index(d => d.Status, d => d.NextAttemptAt));

    /// <summary>Gets or sets the message id, sent as <c>webhook-id</c> (and the CloudEvents <c>id</c>) on every attempt.</summary>
    public string MessageId { get; set; } = "";

    /// <summary>Gets or sets the endpoint's URL (its secret is looked up in configuration at each attempt).</summary>
    public string Url { get; set; } = "";

    /// <summary>Gets or sets the event type, such as <c>auth.registered</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary>Gets or sets the JSON body sent on every attempt.</summary>
    public string Payload { get; set; } = "";

    /// <summary>Gets or sets <c>pending</c>, <c>delivered</c> or <c>dead</c> (<see cref="WebhookStatus"/>).</summary>
    public string Status { get; set; } = WebhookStatus.Pending;

    /// <summary>Gets or sets how many attempts were made (counted when an attempt is claimed).</summary>
    public int Attempts { get; set; }

    /// <summary>Gets or sets when the next attempt may be made.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Gets or sets until when an instance holds the delivery for its current attempt, or null.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>Gets or sets what went wrong at the last failed attempt (such as <c>HTTP 500</c>), or null.</summary>
    public string? LastError { get; set; }

    /// <summary>Gets or sets when the endpoint accepted the delivery (a 2xx answer), or null.</summary>
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>Returns the delivery's message id, type and status, for logs.</summary>
    public override string ToString() => $"WebhookDelivery {MessageId} ({Type}, {Status})";
}
