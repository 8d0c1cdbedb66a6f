using JustScale.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace JustScale.Http.Tests.Support;

/// <summary>Runs a cluster in the hosted style: a WebApplication on real Kestrel (free loopback port) with AddJustScale and MapJustScale.</summary>
internal sealed class HostedServer : ITestServer
{
    private HostedServer(WebApplication app, FakeLogCollector logs)
    {
        App = app;
        Logs = logs;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public FakeLogCollector Logs { get; }

    /// <summary>Builds and starts the app; <paramref name="services"/> adds to the host, <paramref name="pipeline"/> runs before MapJustScale.</summary>
    public static async Task<HostedServer> StartAsync(
        Action<ClusterBuilder> cluster, Action<WebApplicationBuilder>? services = null, Action<WebApplication>? pipeline = null,
        Action<IEndpointConventionBuilder>? routes = null, string? environment = null)
    {
        var logs = new FakeLogCollector();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Debug);
        services?.Invoke(builder);
        builder.AddJustScale(cluster);
        var app = builder.Build();
        pipeline?.Invoke(app);
        var mapped = app.MapJustScale();
        routes?.Invoke(mapped);
        await app.StartAsync();
        return new HostedServer(app, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
