using JustScale.Core;
using JustScale.Http.Errors;
using JustScale.Http.Hosted;
using JustScale.Http.Hosting;
using JustScale.Http.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JustScale.Http;

/// <summary>Maps a hosted cluster's routes as endpoints on the host's routing (<c>app.MapJustScale()</c>).</summary>
public static class JustScaleEndpointRouteBuilderExtensions
{
    /// <summary>Compiles the cluster added with <c>AddJustScale</c> and maps every controller route as an endpoint of the app.</summary>
    /// <remarks>
    /// Everything in the host's pipeline then applies to JustScale routes: <c>UseCors</c>, the forwarded headers of
    /// <see cref="JustScaleHttpOptions.TrustedProxies"/>,
    /// <c>UseResponseCompression</c>, <c>UseHttpLogging</c>, authentication, OpenTelemetry's ASP.NET Core instrumentation.
    /// The returned builder applies conventions to every route (<c>.RequireCors("web")</c>). The cluster is compiled here, so
    /// a missing dependency, two routes on one path or an unknown rate limit policy fail at this line.
    /// </remarks>
    /// <exception cref="InvalidOperationException">AddJustScale was not called, or the routes are already mapped.</exception>
    /// <exception cref="DependencyException">The cluster misses a service.</exception>
    /// <exception cref="JustScaleException">A trusted proxy (<c>JustScale:Http:TrustedProxies</c>) is neither an address nor a network.</exception>
    public static IEndpointConventionBuilder MapJustScale(this IEndpointRouteBuilder endpoints, Action<JustScaleEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var cluster = services.GetService<Cluster>()
            ?? throw new InvalidOperationException("MapJustScale needs a cluster: call builder.AddJustScale(cluster => ...) before builder.Build().");
        var hosted = services.GetRequiredService<HostedRoutes>();
        if (hosted.IsMapped)
        {
            throw new InvalidOperationException("MapJustScale was already called; the cluster's routes are mapped once.");
        }

        var options = new JustScaleEndpointOptions();
        configure?.Invoke(options);
        cluster.Compile(services);
        _ = TrustedProxies.Options(services.GetRequiredService<IOptions<JustScaleHttpOptions>>().Value.TrustedProxies); // a bad value fails here, naming the setting
        var settings = ServerSettings.Create(services, options.MaxBodyBytes);
        hosted.Mapped(settings);
        var routes = new RouteEndpointSource(EndpointCompiler.Compile(cluster, settings));
        endpoints.DataSources.Add(routes);
        if (options.NotFoundFallback)
        {
            endpoints.MapFallback(ErrorRenderer.WriteNotFound);
        }

        return routes;
    }
}
