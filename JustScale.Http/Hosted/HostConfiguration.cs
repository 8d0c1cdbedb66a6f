using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Http.Hosted;

/// <summary>Finds the host's configuration on its service collection, before the container exists, so features can read their settings while they configure.</summary>
/// <remarks>
/// <c>WebApplication.CreateBuilder</c> and <c>Host.CreateApplicationBuilder</c> register <see cref="IConfiguration"/> as a factory that
/// only returns the builder's configuration manager (it uses no service); calling it with an empty provider hands over the same
/// object the app's container will. An instance registration is taken as is. A factory that needs services gives nothing:
/// the features then keep their defaults and code (docs/design/settings-binding.md).
/// </remarks>
internal static class HostConfiguration
{
    /// <summary>Returns the configuration registered last on <paramref name="services"/>, or null.</summary>
    public static IConfiguration? Find(IServiceCollection services)
    {
        var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(IConfiguration) && !d.IsKeyedService);
        if (descriptor?.ImplementationInstance is IConfiguration instance)
        {
            return instance;
        }

        if (descriptor?.ImplementationFactory is not { } factory)
        {
            return null;
        }

        try
        {
            return factory(Dependencies.NoServices.Instance) as IConfiguration;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException or ArgumentException)
        {
            return null;
        }
    }
}
