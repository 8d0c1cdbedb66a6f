using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace JustScale.Http.Hosted;

/// <summary>Reports unhealthy from the moment the host is asked to stop (<c>ApplicationStopping</c>), so readiness fails during the drain.</summary>
internal sealed class DrainHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? new HealthCheckResult(context.Registration.FailureStatus, "Shutting down: draining before the server stops")
            : HealthCheckResult.Healthy("Serving"));
}
