using CompleteExample;
using JustScale.Auth;
using JustScale.Http;
using Microsoft.Extensions.Logging;

namespace JustScale.Reliability.Tests;

/// <summary>Runs the complete example in this process, as ExampleApp.StartAsync composes it, on a free loopback port.</summary>
internal sealed class InProcessExample : IAsyncDisposable
{
    private InProcessExample(Core.Cluster cluster, HttpServer server, LogRecorder logs)
    {
        Cluster = cluster;
        Server = server;
        Logs = logs;
    }

    /// <summary>Gets the running cluster (its services: UserService, SessionService, ...).</summary>
    public Core.Cluster Cluster { get; }

    /// <summary>Gets the Kestrel server.</summary>
    public HttpServer Server { get; }

    /// <summary>Gets the base URL.</summary>
    public Uri Url => Server.Url;

    /// <summary>Gets the warnings and errors the example logged.</summary>
    public LogRecorder Logs { get; }

    /// <summary>Starts the example on PostgreSQL (a connection string) or the in-memory store (null).</summary>
    /// <param name="connectionString">The PostgreSQL connection string, or null for the in-memory store.</param>
    /// <param name="passwordQueueWait">How long a login waits for a scrypt slot; null keeps AuthFeature's default.</param>
    /// <param name="rateLimits">The login/register rate limits; null turns them off, since every request of these tests
    /// comes from one address and the tests measure something else (races, faults, parsing).</param>
    public static async Task<InProcessExample> StartAsync(string? connectionString, TimeSpan? passwordQueueWait = null, AuthRateLimitOptions? rateLimits = null)
    {
        var logs = new LogRecorder();
        var settings = new ExampleSettings(0, connectionString is not null, TimeSpan.FromMinutes(5), connectionString)
        {
            PasswordQueueWait = passwordQueueWait,
            RateLimits = rateLimits ?? AuthRateLimitOptions.Off(),
        };
        var (cluster, server) = await ExampleApp.StartAsync(settings, logging => logging.AddProvider(logs));
        return new InProcessExample(cluster, server, logs);
    }

    /// <summary>Stops the server, then disposes the cluster.</summary>
    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync();
        await Cluster.DisposeAsync();
    }
}
