using JustScale.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace JustScale.Http.Tests.Support;

/// <summary>Runs a real cluster behind a real Kestrel on a free loopback port, with an HttpClient pointed at it.</summary>
internal sealed class LiveServer : ITestServer
{
    private LiveServer(Cluster cluster, HttpServer server, FakeLogCollector logs)
    {
        Cluster = cluster;
        Server = server;
        Logs = logs;
        Client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Cluster Cluster { get; }

    public HttpServer Server { get; }

    public HttpClient Client { get; }

    public FakeLogCollector Logs { get; }

    /// <summary>Starts a server for the given controllers.</summary>
    public static Task<LiveServer> StartAsync(params IClusterComponent[] components) =>
        StartAsync(builder =>
        {
            foreach (var component in components)
            {
                builder.Add(component);
            }
        });

    /// <summary>Starts a server for a cluster configured by the caller.</summary>
    public static async Task<LiveServer> StartAsync(Action<ClusterBuilder> configure, ListenOptions? options = null)
    {
        var logs = new FakeLogCollector();
        var builder = new ClusterBuilder().ConfigureLogging(logging => logging.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Debug));
        configure(builder);
        var cluster = builder.Build();
        await cluster.CompileAsync();
        await cluster.StartAsync();
        var server = await HttpHost.Listen(cluster, options ?? new ListenOptions { Port = 0 });
        return new LiveServer(cluster, server, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
