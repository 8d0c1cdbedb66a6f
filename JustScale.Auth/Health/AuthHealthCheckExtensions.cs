using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JustScale.Auth;

/// <summary>Adds the auth health checks to ASP.NET Core's health checks (<c>builder.Services.AddHealthChecks()</c>).</summary>
public static class AuthHealthCheckExtensions
{
    /// <summary>Adds <see cref="PasswordHasherHealthCheck"/> on the cluster's <see cref="PasswordService"/> (a hosted cluster: <c>AddJustScale</c>).</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name in reports (default <c>password-hasher</c>).</param>
    /// <param name="tags">Tags to select it by, such as <c>ready</c>.</param>
    public static IHealthChecksBuilder AddPasswordHasher(this IHealthChecksBuilder builder, string name = "password-hasher", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name, services => new PasswordHasherHealthCheck(services.GetRequiredService<PasswordService>()), HealthStatus.Degraded, tags));
    }
}
