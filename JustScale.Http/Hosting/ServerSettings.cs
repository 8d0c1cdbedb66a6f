using System.Net;
using JustScale.Http.Errors;
using JustScale.Http.Pipeline;
using JustScale.Http.RateLimiting;

namespace JustScale.Http.Hosting;

/// <summary>Holds what every request of one server shares, resolved once at <see cref="HttpHost.Listen"/>.</summary>
internal sealed class ServerSettings(
    IServiceProvider services,
    IPNetwork[] trustedProxies,
    int maxBodyBytes,
    ErrorRenderer renderer,
    ClusterMiddleware[] middleware,
    RateLimiters rateLimits)
{
    /// <summary>Gets the cluster's services.</summary>
    public IServiceProvider Services { get; } = services;

    /// <summary>Gets the proxies whose X-Forwarded-For header is believed.</summary>
    public IPNetwork[] TrustedProxies { get; } = trustedProxies;

    /// <summary>Gets the largest accepted body, in bytes.</summary>
    public int MaxBodyBytes { get; } = maxBodyBytes;

    /// <summary>Gets the one place errors are written.</summary>
    public ErrorRenderer Renderer { get; } = renderer;

    /// <summary>Gets the cluster-level middleware, outermost first.</summary>
    public ClusterMiddleware[] Middleware { get; } = middleware;

    /// <summary>Gets the server's rate limiters, one per policy.</summary>
    public RateLimiters RateLimits { get; } = rateLimits;
}
