namespace JustScale.Webhooks;

/// <summary>Configures webhook delivery (section <c>JustScale:Webhooks</c>): the endpoints, the retry schedule, the polling.</summary>
public sealed class WebhooksOptions
{
    /// <summary>The configuration section bound onto the options.</summary>
    public const string Section = "JustScale:Webhooks";

    /// <summary>Gets the back-off used when <see cref="RetryDelays"/> is not set: 5 s, 30 s, 2 min, 10 min, 30 min, 2 h, 5 h,
    /// 10 h, 10 h, so a delivery is tried 10 times over about 28 hours; a blip (a deploy of the receiver) is bridged within
    /// a minute, an outage within a day.</summary>
    public static IReadOnlyList<TimeSpan> DefaultRetryDelays { get; } =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>Gets or sets the endpoints (<c>JustScale:Webhooks:Endpoints:N</c>); none means nothing is written to the outbox.</summary>
    public IList<WebhookEndpointOptions> Endpoints { get; set; } = [];

    /// <summary>Gets or sets the waits between attempts (<c>JustScale:Webhooks:RetryDelays:N</c>, e.g. <c>00:00:05</c>): after the
    /// n-th failed attempt the delivery waits the n-th delay; after the last it is dead-lettered. Null takes <see cref="DefaultRetryDelays"/>.</summary>
    public IList<TimeSpan>? RetryDelays { get; set; }

    /// <summary>Gets or sets the random spread of each delay, as a fraction (0.2: from 80% to 120% of it), so that retries from
    /// an outage do not arrive all at once; 0.2 by default.</summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>Gets or sets how often an idle dispatcher looks for due deliveries (a commit on this instance wakes it at once); 5 s by default.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long an endpoint may take to answer one attempt; 10 s by default.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how many deliveries one claim takes; 20 by default.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>Gets or sets the CloudEvents <c>source</c> of the payloads (a URI reference naming the app); <c>/justscale/auth</c> by default.</summary>
    public string Source { get; set; } = "/justscale/auth";

    /// <summary>Gets or sets the prefix of the admin routes (<c>{prefix}/webhooks/deliveries</c>, role admin); <c>/admin</c> by default.</summary>
    public string AdminPrefix { get; set; } = "/admin";

    /// <summary>Gets the retry delays in effect.</summary>
    internal IReadOnlyList<TimeSpan> EffectiveRetryDelays => RetryDelays is { Count: > 0 } delays ? [.. delays] : DefaultRetryDelays;

    /// <summary>Gets how long a claim holds a delivery: longer than any attempt can take, so two instances never send it at once.</summary>
    internal TimeSpan Lease => Timeout + Timeout + TimeSpan.FromSeconds(30);

    /// <summary>Throws when a setting is out of range or an endpoint is malformed (naming it, never its secret).</summary>
    internal void Validate()
    {
        for (var i = 0; i < Endpoints.Count; i++)
        {
            var endpoint = Endpoints[i];
            if (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"JustScale:Webhooks:Endpoints:{i}:Url must be an absolute http or https URL.");
            }

            if (!WebhookSignature.TryParseSecret(endpoint.Secret, out _))
            {
                throw new ArgumentException($"JustScale:Webhooks:Endpoints:{i}:Secret must be whsec_ followed by base64 of 24 to 64 bytes.");
            }
        }

        if (EffectiveRetryDelays.Any(d => d < TimeSpan.Zero) || Jitter is < 0 or > 1 || PollInterval <= TimeSpan.Zero
            || Timeout <= TimeSpan.Zero || BatchSize < 1)
        {
            throw new ArgumentException("JustScale:Webhooks: RetryDelays must not be negative, Jitter is 0 to 1, PollInterval, Timeout and BatchSize must be positive.");
        }
    }
}
