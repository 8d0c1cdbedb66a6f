using JustScale.Http.Hosted;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JustScale.Http;

/// <summary>Adds the readiness check of a graceful shutdown to ASP.NET Core's health checks (<c>builder.Services.AddHealthChecks()</c>).</summary>
public static class DrainHealthCheckExtensions
{
    /// <summary>Adds a check that is healthy while the instance serves and unhealthy from the moment it is asked to stop (SIGTERM).</summary>
    /// <remarks>
    /// Tag it for the readiness endpoint (<c>tags: ["ready"]</c>): during <see cref="JustScaleHttpOptions.DrainDelay"/> the
    /// endpoint answers 503 while every other request is still served, so a balancer takes the instance out before it stops.
    /// </remarks>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name in reports (default <c>draining</c>).</param>
    /// <param name="tags">Tags to select it by, such as <c>ready</c>.</param>
    /// <returns>The builder, to chain further checks.</returns>
    public static IHealthChecksBuilder AddDrainCheck(this IHealthChecksBuilder builder, string name = "draining", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<DrainHealthCheck>(name, HealthStatus.Unhealthy, tags ?? []);
    }
}
