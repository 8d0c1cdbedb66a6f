using CompleteExample;
using JustScale.Auth;
using JustScale.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace JustScale.Reliability.Tests;

/// <summary>Runs the complete example in this process, as ExampleApp.StartAsync composes it, on a free loopback port.</summary>
internal sealed class InProcessExample : IAsyncDisposable
{
    private InProcessExample(Core.Cluster cluster, HttpServer server, FakeLogCollector logs)
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
    public FakeLogCollector Logs { get; }

    /// <summary>Gets the records at Error or above (an answered 500 is one: "Unhandled exception in ..."), one line each.</summary>
    public IReadOnlyList<string> Errors => [.. Logs.GetSnapshot().Where(r => r.Level >= LogLevel.Error).Select(Line)];

    /// <summary>Describes a record in one line: level, category, message and the exception.</summary>
    public static string Line(FakeLogRecord record) => $"{record.Level} {record.Category}: {record.Message} {record.Exception}";

    /// <summary>Starts the example on PostgreSQL (a connection string) or the in-memory store (null).</summary>
    /// <param name="connectionString">The PostgreSQL connection string, or null for the in-memory store.</param>
    /// <param name="passwordQueueWait">How long a login waits for a scrypt slot; null keeps AuthFeature's default.</param>
    /// <param name="rateLimits">The login/register rate limits; null turns them off, since every request of these tests
    /// comes from one address and the tests measure something else (races, faults, parsing).</param>
    public static async Task<InProcessExample> StartAsync(string? connectionString, TimeSpan? passwordQueueWait = null, AuthRateLimitOptions? rateLimits = null)
    {
        var logs = new FakeLogCollector();
        var settings = new ExampleSettings(0, connectionString is not null, TimeSpan.FromMinutes(5), connectionString)
        {
            PasswordQueueWait = passwordQueueWait,
            RateLimits = rateLimits ?? AuthRateLimitOptions.Off(),
        };
        var (cluster, server) = await ExampleApp.StartAsync(settings, logging => logging.AddProvider(new FakeLoggerProvider(logs)).AddFilter<FakeLoggerProvider>(null, LogLevel.Warning));
        return new InProcessExample(cluster, server, logs);
    }

    /// <summary>Stops the server, then disposes the cluster.</summary>
    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync();
        await Cluster.DisposeAsync();
    }
}
