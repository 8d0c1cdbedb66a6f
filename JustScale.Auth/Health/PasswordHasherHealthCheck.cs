using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JustScale.Auth;

/// <summary>Reports whether the password hasher is shedding: degraded while logins and registrations are refused 503 for want of a scrypt slot.</summary>
/// <remarks>Degraded (still 200 by default on a health endpoint) rather than unhealthy: the process serves everything else,
/// and taking it out of a load balancer would only move its logins elsewhere. Healthy again 10 s after the last refusal.</remarks>
public sealed class PasswordHasherHealthCheck(PasswordService passwords) : IHealthCheck
{
    private readonly PasswordService _passwords = passwords ?? throw new ArgumentNullException(nameof(passwords));

    /// <summary>Reports healthy, or degraded while the hasher sheds.</summary>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_passwords.IsShedding
            ? HealthCheckResult.Degraded("Password hashing is overloaded: logins and registrations are being refused with 503")
            : HealthCheckResult.Healthy("Password hashing has free capacity"));
}
