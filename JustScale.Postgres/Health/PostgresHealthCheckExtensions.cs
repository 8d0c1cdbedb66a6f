using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JustScale.Postgres;

/// <summary>Adds the PostgreSQL health check to ASP.NET Core's health checks (<c>builder.Services.AddHealthChecks()</c>).</summary>
public static class PostgresHealthCheckExtensions
{
    /// <summary>Adds <see cref="PostgresHealthCheck"/> on the cluster's <see cref="PostgresClient"/> (a hosted cluster: <c>AddJustScale</c>).</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name in reports (default <c>postgres</c>).</param>
    /// <param name="tags">Tags to select it by, such as <c>ready</c>.</param>
    /// <param name="timeout">How long the query may take before the check fails (default 5 s).</param>
    public static IHealthChecksBuilder AddPostgres(this IHealthChecksBuilder builder, string name = "postgres", IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name, services => new PostgresHealthCheck(services.GetRequiredService<PostgresClient>(), timeout), HealthStatus.Unhealthy, tags));
    }
}
