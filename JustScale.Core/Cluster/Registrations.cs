using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Core;

/// <summary>Reads a service's lifetime from the registrations of a container, without building it.</summary>
internal static class Registrations
{
    /// <summary>Returns the lifetime of the registration the container would use (the last one), or null when there is none.</summary>
    public static ServiceLifetime? LifetimeOf(IServiceCollection registrations, Type serviceType)
    {
        if (serviceType == typeof(IServiceProvider) || serviceType == typeof(IServiceScopeFactory))
        {
            return ServiceLifetime.Singleton;
        }

        if (serviceType.IsGenericType && serviceType.GetGenericTypeDefinition() == typeof(IEnumerable<>))
        {
            var element = serviceType.GetGenericArguments()[0];
            return registrations.Any(d => !d.IsKeyedService && d.ServiceType == element && d.Lifetime != ServiceLifetime.Singleton)
                ? ServiceLifetime.Transient
                : ServiceLifetime.Singleton;
        }

        ServiceDescriptor? open = null;
        var generic = serviceType.IsGenericType ? serviceType.GetGenericTypeDefinition() : null;
        for (var i = registrations.Count - 1; i >= 0; i--)
        {
            var descriptor = registrations[i];
            if (!descriptor.IsKeyedService && descriptor.ServiceType == serviceType)
            {
                return descriptor.Lifetime;
            }

            if (open is null && generic is not null && !descriptor.IsKeyedService && descriptor.ServiceType == generic)
            {
                open = descriptor;
            }
        }

        return open?.Lifetime;
    }
}
