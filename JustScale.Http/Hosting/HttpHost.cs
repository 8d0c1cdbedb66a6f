using System.Net;
using System.Security.Cryptography.X509Certificates;
using JustScale.Core;
using JustScale.Http.Errors;
using JustScale.Http.Hosted;
using JustScale.Http.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using KestrelEndpoint = Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions;

namespace JustScale.Http;

/// <summary>Serves a cluster's controllers over HTTP on Kestrel (the docs' <c>listen(cluster, { port: 3000 })</c>).</summary>
/// <remarks>Import it with <c>using static JustScale.Http.HttpHost;</c> to write <c>await Listen(cluster, new ListenOptions { Port = 3000 })</c>.</remarks>
public static class HttpHost
{
    /// <summary>Starts a Kestrel server for the cluster's controllers and returns once it accepts connections.</summary>
    /// <remarks>
    /// The cluster must be compiled (its controllers' route lambdas run then). Every route is compiled into an endpoint
    /// here; two routes with the same method and path, or a route naming a rate limit policy the cluster lacks, fail here
    /// rather than at request time. Rate limiters are built here, one set per server, and counted in the cluster's
    /// <see cref="IRateLimitStore"/> when it has one. Logging goes to the cluster's <see cref="ILoggerFactory"/>.
    /// The server is an ordinary <see cref="WebApplication"/> with what <c>AddJustScale</c> adds in the hosted style:
    /// ASP.NET Core's forwarded headers (from <see cref="JustScaleHttpOptions.TrustedProxies"/> of the cluster's configuration
    /// and <see cref="ListenOptions.TrustedProxies"/>), HSTS on HTTPS responses outside Development, and the stop delayed by
    /// <see cref="JustScaleHttpOptions.DrainDelay"/>. The environment is the cluster configuration's <c>ASPNETCORE_ENVIRONMENT</c>
    /// or <c>DOTNET_ENVIRONMENT</c> (Production when neither is set).
    /// </remarks>
    /// <exception cref="InvalidOperationException">The cluster is not compiled.</exception>
    /// <exception cref="DependencyException">A route's middleware or guard declares a service the cluster lacks (routes of controllers with services are checked here, the others at Build).</exception>
    /// <exception cref="JustScaleException">Two routes collide, a rate limit policy is missing, the certificate cannot be loaded, a trusted proxy of the configuration (<c>JustScale:Http:TrustedProxies</c>) is no address, or the address cannot be bound.</exception>
    public static async Task<HttpServer> Listen(Cluster cluster, ListenOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        options ??= new ListenOptions();
        Validate(options);

        var services = cluster.Services;
        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        var logger = loggerFactory.CreateLogger("JustScale.Http");
        var settings = ServerSettings.Create(services, options.MaxBodyBytes, options.MaxBodyBytesInFlight);
        RouteEndpointSource routes;
        X509Certificate2? certificate;
        try
        {
            routes = new RouteEndpointSource(EndpointCompiler.Compile(cluster, settings));
            certificate = options.Https?.Load();
        }
        catch
        {
            await settings.RateLimits.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var owned = new ServerResources(settings.RateLimits, options.Https is { OwnsCertificate: true } ? certificate : null);
        WebApplication app;
        try
        {
            app = Build(services, options, certificate);
        }
        catch
        {
            await owned.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (options.Cors is not null)
        {
            app.UseCors(); // before routing: a preflight is answered for any path, never 404 or 405
        }

        app.UseRouting();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        app.Run(http => Dispatch(http, scopes));
        ((IEndpointRouteBuilder)app).DataSources.Add(routes);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await owned.DisposeAsync().ConfigureAwait(false);
            throw new JustScaleException($"Cannot listen on {options.Host}:{options.Port}: {ex.Message}", innerException: ex);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await owned.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var port = BoundPort(app);
        var server = new HttpServer(app, logger, new Uri($"{(certificate is null ? "http" : "https")}://{UrlHost(options.Host)}:{port}"), owned);
        HttpLog.Listening(logger, server.Url.ToString(), routes.Count);
        return server;
    }

    /// <summary>Builds an ordinary WebApplication on Kestrel with what the hosted style adds (<see cref="HostingServices"/>), configured from the cluster's configuration.</summary>
    private static WebApplication Build(IServiceProvider cluster, ListenOptions options, X509Certificate2? certificate)
    {
        var configuration = cluster.GetService<IConfiguration>();
        var environment = configuration?["ASPNETCORE_ENVIRONMENT"] ?? configuration?["DOTNET_ENVIRONMENT"] ?? Environments.Production;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "JustScale", EnvironmentName = environment });
        if (configuration is not null)
        {
            builder.Configuration.AddConfiguration(configuration);
        }

        builder.Services.AddSingleton(cluster.GetRequiredService<ILoggerFactory>());
        // Not the cluster's TimeProvider: a test's fake clock must not reach Kestrel or the drain (real seconds for a balancer).
        builder.Services.AddSingleton<IHostLifetime, ServerLifetime>();
        builder.Services.AddRoutingCore();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        HostingServices.Add(builder.Services);
        if (cluster.GetService<IHttpContextAccessor>() is not null)
        {
            builder.Services.AddHttpContextAccessor(); // the host sets the current request where the cluster's services read it (one static flow)
        }

        builder.Services.Configure<JustScaleHttpOptions>(http =>
        {
            foreach (var proxy in options.TrustedProxies)
            {
                http.TrustedProxies.Add(proxy);
            }
        });
        if (options.ConfigureHsts is { } hsts)
        {
            builder.Services.Configure(hsts);
        }

        if (options.Cors is { } cors)
        {
            builder.Services.AddCors(corsOptions => corsOptions.AddDefaultPolicy(cors));
        }

        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => Configure(kestrel, options, certificate));
        var app = builder.Build();
        _ = TrustedProxies.Options(app.Services.GetRequiredService<IOptions<JustScaleHttpOptions>>().Value.TrustedProxies); // fails here, naming the setting
        return app;
    }

    /// <summary>Runs the matched route, or answers 404 when no route matched (also for a known path with another method).</summary>
    /// <remarks>The route's request services (<c>ctx.Services</c>) are a scope of the cluster's container, as the host's are in the
    /// hosted style; set here, after the app's own middleware (CORS) has resolved what it needs from the app's container.</remarks>
    private static Task Dispatch(HttpContext http, IServiceScopeFactory scopes)
    {
        if (http.GetEndpoint()?.RequestDelegate is not { Target: RouteRunner } route)
        {
            return ErrorRenderer.WriteNotFound(http);
        }

        var requestServices = new ClusterRequestServices(scopes);
        http.Features.Set<IServiceProvidersFeature>(requestServices);
        http.Response.RegisterForDisposeAsync(requestServices);
        return route(http);
    }

    private static void Configure(KestrelServerOptions kestrel, ListenOptions options, X509Certificate2? certificate)
    {
        Action<KestrelEndpoint> endpoint = certificate is null ? _ => { } : listen => listen.UseHttps(certificate);
        kestrel.UseJustScaleLimits(options);

        var host = options.Host;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel binds both loopbacks for localhost, which needs a fixed port; port 0 binds IPv4 loopback only.
            if (options.Port == 0)
            {
                kestrel.Listen(IPAddress.Loopback, 0, endpoint);
            }
            else
            {
                kestrel.ListenLocalhost(options.Port, endpoint);
            }
        }
        else if (host is "*" or "+")
        {
            kestrel.ListenAnyIP(options.Port, endpoint);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(host), options.Port, endpoint);
        }
    }

    private static void Validate(ListenOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port, nameof(options.Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort, nameof(options.Port));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxBodyBytes, nameof(options.MaxBodyBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRequestHeadersTotalSize, 1024, nameof(options.MaxRequestHeadersTotalSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RequestHeadersTimeout, TimeSpan.Zero, nameof(options.RequestHeadersTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.KeepAliveTimeout, TimeSpan.Zero, nameof(options.KeepAliveTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ShutdownTimeout, TimeSpan.Zero, nameof(options.ShutdownTimeout));
        ArgumentNullException.ThrowIfNull(options.TrustedProxies, nameof(options.TrustedProxies));
        try
        {
            _ = TrustedProxies.Options([.. options.TrustedProxies], "ListenOptions.TrustedProxies");
        }
        catch (JustScaleException ex)
        {
            throw new ArgumentException(ex.Message, nameof(options), ex);
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(options.Host, nameof(options.Host));
        if (!string.Equals(options.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            && options.Host is not ("*" or "+") && !IPAddress.TryParse(options.Host, out _))
        {
            throw new ArgumentException($"Host \"{options.Host}\" must be localhost, an IP address, or * for every interface.", nameof(options));
        }
    }

    private static int BoundPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no bound address.");
        return BindingAddress.Parse(first).Port;
    }

    private static string UrlHost(string host)
    {
        if (host is "*" or "+" || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return "localhost";
        }

        var address = IPAddress.Parse(host);
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return "localhost";
        }

        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
    }
}
