using JustScale.Core;
using JustScale.Http.Errors;
using JustScale.Http.Pipeline;
using JustScale.Http.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JustScale.Http.Hosting;

/// <summary>Holds what every request of one server shares, resolved once when the routes are mapped (Listen or MapJustScale).</summary>
internal sealed class ServerSettings(
    int maxBodyBytes,
    ErrorRenderer renderer,
    ClusterMiddleware[] middleware,
    RateLimiters rateLimits,
    RequestBodyBudget? bodyBudget = null)
{
    /// <summary>Gets the largest accepted body, in bytes.</summary>
    public int MaxBodyBytes { get; } = maxBodyBytes;

    /// <summary>Gets the process-wide bound on the bytes request bodies hold at once.</summary>
    public RequestBodyBudget BodyBudget { get; } = bodyBudget ?? RequestBodyBudget.Shared;

    /// <summary>Gets the one place errors are written.</summary>
    public ErrorRenderer Renderer { get; } = renderer;

    /// <summary>Gets the cluster-level middleware, outermost first.</summary>
    public ClusterMiddleware[] Middleware { get; } = middleware;

    /// <summary>Gets the server's rate limiters, one per policy.</summary>
    public RateLimiters RateLimits { get; } = rateLimits;

    /// <summary>Resolves the settings from a compiled cluster's services; the caller owns (and disposes) <see cref="RateLimits"/>.</summary>
    public static ServerSettings Create(IServiceProvider services, int maxBodyBytes, long? maxBodyBytesInFlight = null)
    {
        if (maxBodyBytesInFlight is { } budget)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budget, nameof(maxBodyBytesInFlight));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(maxBodyBytes, nameof(maxBodyBytes));
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("JustScale.Http");
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var rateLimits = RateLimiters.Create(services.GetServices<RateLimitPolicy>(), services.GetService<IRateLimitStore>(), time);
        return new ServerSettings(
            maxBodyBytes,
            new ErrorRenderer(logger, time),
            [.. services.GetServices<ClusterMiddlewareComponent.Registration>().Select(r => r.Middleware)],
            rateLimits,
            maxBodyBytesInFlight is { } capacity ? new RequestBodyBudget(capacity) : null);
    }
}
