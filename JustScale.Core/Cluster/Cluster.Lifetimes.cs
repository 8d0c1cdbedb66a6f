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
        return Registrations.LifetimeOf(_registrations, serviceType);
    }
}
