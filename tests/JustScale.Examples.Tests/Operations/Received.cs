using System.Net;
using System.Text.Json;

namespace JustScale.Examples.Tests;

/// <summary>One delivery a <see cref="WebhookReceiver"/> got: the Standard Webhooks headers, the body, and what it answered.</summary>
public sealed record Received(string Id, string Timestamp, string Signature, string Body, HttpStatusCode Status)
{
    /// <summary>Gets the CloudEvents type of the body.</summary>
    public string Type => JsonDocument.Parse(Body).RootElement.GetProperty("type").GetString() ?? "";
}
