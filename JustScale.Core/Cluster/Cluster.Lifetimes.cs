using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Core;

/// <content>Tells how the cluster's container registers a service, for parts that resolve services once.</content>
public sealed partial class Cluster
{
    /// <summary>Gets how the cluster's container registers a service (the last registration wins), or null when it has none.</summary>
    /// <remarks>
    /// Reads the registrations, never creates an instance: those of the cluster's own container, or of the host's for a
    /// hosted cluster (including what the host registers after <c>AddJustScale</c>). The container itself, its scope factory,
    /// and <c>IEnumerable&lt;T&gt;</c> of singletons count as singletons. JustScale.Http uses it to resolve what routes
    /// declare once when singleton, and per request otherwise.
    /// </remarks>
    /// <param name="serviceType">The service asked for.</param>
    /// <returns>The lifetime, or null when nothing provides the service.</returns>
    public ServiceLifetime? LifetimeOf(Type serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceType == typeof(IServiceProvider) || serviceType == typeof(IServiceScopeFactory))
        {
            return ServiceLifetime.Singleton;
        }

        if (serviceType.IsGenericType && serviceType.GetGenericTypeDefinition() == typeof(IEnumerable<>))
        {
            var element = serviceType.GetGenericArguments()[0];
            return _registrations.Any(d => !d.IsKeyedService && d.ServiceType == element && d.Lifetime != ServiceLifetime.Singleton)
                ? ServiceLifetime.Transient
                : ServiceLifetime.Singleton;
        }

        ServiceDescriptor? open = null;
        var generic = serviceType.IsGenericType ? serviceType.GetGenericTypeDefinition() : null;
        for (var i = _registrations.Count - 1; i >= 0; i--)
        {
            var descriptor = _registrations[i];
            if (descriptor.IsKeyedService)
            {
                continue;
            }

            if (descriptor.ServiceType == serviceType)
            {
                return descriptor.Lifetime;
            }

            if (open is null && generic is not null && descriptor.ServiceType == generic)
            {
                open = descriptor;
            }
        }

        return open?.Lifetime;
    }
}
