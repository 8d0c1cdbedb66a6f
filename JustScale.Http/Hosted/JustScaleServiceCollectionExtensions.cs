using JustScale.Core;
using JustScale.Http.Hosted;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace JustScale.Http;

/// <summary>Puts a JustScale cluster into an ASP.NET Core host: one container, the host's lifecycle (the hosted style).</summary>
/// <example><code>
/// var builder = WebApplication.CreateBuilder(args);
/// builder.AddJustScale(cluster => cluster
///     .Add(InMemoryRepository.For&lt;User&gt;())
///     .Add(InMemoryRepository.For&lt;Session&gt;())
///     .Add&lt;AuthFeature&gt;()
///     .Add(profile));
/// var app = builder.Build();
/// app.MapJustScale();
/// app.Run();
/// </code></example>
public static class JustScaleServiceCollectionExtensions
{
    /// <summary>Composes a cluster on the host's services; <c>app.MapJustScale()</c> then serves its routes.</summary>
    /// <remarks>See <see cref="AddJustScale(IServiceCollection, Action{ClusterBuilder})"/>.</remarks>
    public static TBuilder AddJustScale<TBuilder>(this TBuilder builder, Action<ClusterBuilder> configure)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddJustScale(configure);
        return builder;
    }

    /// <summary>Composes a cluster on a host's services: its services join the container, its lifecycle the host's.</summary>
    /// <remarks>
    /// The cluster's services are resolvable from the host (<c>app.Services.GetRequiredService&lt;UserService&gt;()</c>), and
    /// the host's (<c>ILogger&lt;T&gt;</c>, <c>IConfiguration</c>, <c>IHttpClientFactory</c>, your own) are injectable into
    /// the cluster's. The dependency check of <see cref="ClusterBuilder.Build()"/> runs when the cluster compiles, in
    /// <c>app.MapJustScale()</c> or when the host starts, whichever is first, and names what is missing. The cluster starts
    /// before the server accepts requests and stops after it has drained them, services in dependency order.
    /// It also puts ASP.NET Core's forwarded headers (from <see cref="JustScaleHttpOptions.TrustedProxies"/> only), HSTS
    /// (outside Development) and HTTPS redirection (when an HTTPS port is configured) at the front of the pipeline, and
    /// delays the stop by <see cref="JustScaleHttpOptions.DrainDelay"/>: the <c>JustScale:Http</c> settings.
    /// </remarks>
    /// <exception cref="InvalidOperationException">A cluster was already added to these services.</exception>
    public static IServiceCollection AddJustScale(this IServiceCollection services, Action<ClusterBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        if (services.Any(d => d.ServiceType == typeof(Cluster)))
        {
            throw new InvalidOperationException("AddJustScale was already called on these services; compose one cluster with one call.");
        }

        var builder = new ClusterBuilder();
        configure(builder);
        var cluster = builder.Build(services);
        services.AddSingleton(cluster);
        services.TryAddSingleton<HostedRoutes>();
        services.AddHostedService<ClusterHostedService>();
        HostingServices.Add(services);
        return services;
    }
}
