namespace JustScale.Webhooks;

/// <summary>Configures one webhook endpoint (<c>JustScale:Webhooks:Endpoints:N:Url|Secret|Events</c>).</summary>
public sealed class WebhookEndpointOptions
{
    /// <summary>Gets or sets the absolute http or https URL that receives the POSTs.</summary>
    public string Url { get; set; } = "";

    /// <summary>Gets or sets the signing secret, <c>whsec_</c> and base64 of 24 to 64 random bytes (Standard Webhooks).</summary>
    public string Secret { get; set; } = "";

    /// <summary>Gets or sets the event types sent (such as <c>auth.registered</c>); empty (or <c>*</c>) sends every type.</summary>
    public IList<string> Events { get; set; } = [];

    /// <summary>Returns whether events of <paramref name="type"/> go to this endpoint.</summary>
    internal bool Wants(string type) => Events.Count == 0 || Events.Contains("*") || Events.Contains(type);
}
