using JustScale.Core;
using JustScale.Http.RateLimiting;

namespace JustScale.Http;

/// <summary>Names a rate limit that routes apply with <c>.RateLimit(name)</c>: one or more partitioned limits, all of which a request must pass.</summary>
/// <remarks>
/// Add it to the cluster once (<c>builder.Add(policy)</c>, or <c>context.Add(policy)</c> from a feature); every server
/// of the cluster then knows it, and a route naming an unknown policy fails <see cref="HttpHost.Listen"/>. Limits are
/// checked in the order added; the first one that refuses answers 429 <c>{"error":"Too Many Requests"}</c> with
/// Retry-After. Counters live in memory (ASP.NET Core's <c>FixedWindowRateLimiter</c>), or in the cluster's
/// <see cref="IRateLimitStore"/> when it has one, so that instances sharing it share the limits.
/// </remarks>
/// <example><code>
/// builder.Add(new RateLimitPolicy("search").Limit("ip", RateLimitKeys.ClientIp, FixedWindowLimit.PerMinute(60)));
/// ["search"] = Get("/search").RateLimit("search").Handle(...)
/// </code></example>
public sealed class RateLimitPolicy : IClusterComponent
{
    private readonly List<RateLimitRule> _rules = [];

    /// <summary>Creates an empty policy; add limits with <see cref="Limit"/>.</summary>
    /// <param name="name">The name routes use: letters, digits, '.', '_' or '-'.</param>
    public RateLimitPolicy(string name)
    {
        RateLimitRule.ValidateName(name, nameof(name));
        Name = name;
    }

    /// <summary>Gets the policy's name.</summary>
    public string Name { get; }

    /// <summary>Gets the limits, in the order they are checked.</summary>
    internal IReadOnlyList<RateLimitRule> Rules => _rules;

    /// <summary>Gets the callbacks to run for each refused request, or null.</summary>
    internal Action<IRequestContext>? Rejected { get; private set; }

    /// <inheritdoc />
    string IClusterComponent.Name => $"RateLimitPolicy {Name}";

    /// <summary>Adds a limit per partition: requests whose <paramref name="key"/> is equal share one counter.</summary>
    /// <remarks>A key of null leaves the request out of this limit (the others still apply). Keys never reach the log.</remarks>
    /// <param name="partition">A short name for the limit, part of the stored counter's key (<c>ip</c>, <c>email</c>).</param>
    /// <param name="key">Reads the partition from the request, such as <see cref="RateLimitKeys.ClientIp"/>.</param>
    /// <param name="limit">The permits per window.</param>
    /// <exception cref="ArgumentException">The partition name is invalid or already used in this policy.</exception>
    public RateLimitPolicy Limit(string partition, Func<IRequestContext, string?> key, FixedWindowLimit limit)
    {
        RateLimitRule.ValidateName(partition, nameof(partition));
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(limit);
        if (_rules.Exists(r => r.Partition == partition))
        {
            throw new ArgumentException($"Rate limit policy {Name} already has a limit named \"{partition}\".", nameof(partition));
        }

        _rules.Add(new RateLimitRule(partition, key, limit));
        return this;
    }

    /// <summary>Adds a callback that runs for each request this policy refuses, just before the 429 is answered; for metrics and logs.</summary>
    /// <remarks>
    /// It runs on the request's path, so keep it fast; an exception it throws replaces the 429. Callbacks added more
    /// than once all run, in the order added. Do not record the partition key (an IP, an email) anywhere a user sees.
    /// </remarks>
    /// <param name="callback">Receives the refused request.</param>
    public RateLimitPolicy OnRejected(Action<IRequestContext> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Rejected += callback;
        return this;
    }

    /// <inheritdoc />
    void IClusterComponent.Configure(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Contribute(_ => this);
    }
}
