using System.Globalization;
using JustScale.Testing;

namespace JustScale.Reliability.Tests;

/// <summary>The deployment docs/deployment.md describes, for real: PostgreSQL, PgBouncer in transaction mode, three complete-example
/// instances behind HAProxy terminating TLS, and a fourth instance with nothing but the PgBouncer connection string.</summary>
/// <remarks>Every instance uses the default connection string through PgBouncer (no <c>Max Auto Prepare</c>); the three behind
/// the balancer LISTEN on <c>ConnectionStrings__PostgresListen</c> (direct) and trust the balancer
/// (<c>JustScale__Http__TrustedProxies__0=127.0.0.1</c>, <c>JustScale__Http__DrainDelay=00:00:03</c>).</remarks>
internal sealed class Deployment : IAsyncDisposable
{
    private Deployment(TestDatabase database, PgBouncer bouncer, HAProxy balancer, int[] ports, ExampleProcess[] balanced, ExampleProcess plain)
    {
        Database = database;
        Bouncer = bouncer;
        Balancer = balancer;
        Ports = ports;
        Balanced = balanced;
        Plain = plain;
    }

    public TestDatabase Database { get; }

    public PgBouncer Bouncer { get; }

    public HAProxy Balancer { get; }

    /// <summary>Gets the fixed ports of the balanced instances (a restarted instance comes back on its own).</summary>
    public int[] Ports { get; }

    /// <summary>Gets the three instances behind the balancer.</summary>
    public ExampleProcess[] Balanced { get; }

    /// <summary>Gets the fourth instance: only the PgBouncer connection string, not behind the balancer.</summary>
    public ExampleProcess Plain { get; }

    /// <summary>Gets every instance.</summary>
    public IEnumerable<ExampleProcess> All => [.. Balanced, Plain];

    /// <summary>Starts the whole deployment.</summary>
    public static async Task<Deployment> StartAsync()
    {
        // Whatever started is stopped again when a later part fails (an instance that cannot start, the balancer): nothing of a
        // failed setup outlives the test run (.ci/run fails on a stray pgbouncer or haproxy).
        var database = await TestPostgres.CreateDatabaseAsync("deployment");
        PgBouncer? bouncer = null;
        HAProxy? balancer = null;
        var instances = new List<Task<ExampleProcess>>();
        try
        {
            bouncer = await PgBouncer.StartAsync(await TestPostgres.GetServerConnectionStringAsync(), poolSize: 20);
            var ports = new[] { FreePort(), FreePort(), FreePort() };
            instances.AddRange(ports.Select(p => StartBalancedAsync(database, bouncer, p)).Append(StartPlainAsync(database, bouncer)));
            var started = await Task.WhenAll(instances);
            balancer = await HAProxy.StartAsync(ports);
            var deployment = new Deployment(database, bouncer, balancer, ports, started[..3], started[3]);
            await deployment.WaitUntilBalancedAsync();
            return deployment;
        }
        catch
        {
            if (balancer is not null)
            {
                await balancer.DisposeAsync();
            }

            foreach (var instance in instances.Where(t => t.IsCompletedSuccessfully))
            {
                await instance.Result.DisposeAsync();
            }

            if (bouncer is not null)
            {
                await bouncer.DisposeAsync();
            }

            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the balancer has sent a request to every balanced instance (its health checks let them in after two passes).</summary>
    public async Task WaitUntilBalancedAsync()
    {
        using var client = new ApiClient(Balancer.Url, TimeSpan.FromSeconds(10), Balancer.Certificate);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (seen.Count < Ports.Length)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"HAProxy let in only {string.Join(", ", seen)} within 60 s:\n{Balancer.Output}");
            }

            var answer = await client.GetAsync("/health/live");
            if (answer.Code == 200 && answer.Headers.TryGetValue("X-Served-By", out var server))
            {
                seen.Add(server);
            }
            else
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Starts (or starts again) a balanced instance on its port.</summary>
    public static Task<ExampleProcess> StartBalancedAsync(TestDatabase database, PgBouncer bouncer, int port) =>
        ExampleProcess.StartAsync(null, new Dictionary<string, string>(Common(database, bouncer))
        {
            ["ConnectionStrings__PostgresListen"] = database.ConnectionString,
            ["JustScale__Http__TrustedProxies__0"] = "127.0.0.1",
            ["JustScale__Http__DrainDelay"] = "00:00:03",
        }, freePort: false, "--port", port.ToString(CultureInfo.InvariantCulture));

    /// <summary>Restarts one balanced instance: SIGTERM, wait for its exit, start it again on the same port.</summary>
    public async Task<ExampleProcess> RestartAsync(int index)
    {
        var exit = await Balanced[index].StopAsync();
        Assert.That(exit, Is.Zero, Balanced[index].Output);
        await Balanced[index].DisposeAsync();
        Balanced[index] = await StartBalancedAsync(Database, Bouncer, Ports[index]);
        return Balanced[index];
    }

    public async ValueTask DisposeAsync()
    {
        await Balancer.DisposeAsync();
        foreach (var instance in All)
        {
            await instance.DisposeAsync();
        }

        await Bouncer.DisposeAsync();
        await Database.DisposeAsync();
    }

    private static Task<ExampleProcess> StartPlainAsync(TestDatabase database, PgBouncer bouncer) =>
        ExampleProcess.StartAsync(null, Common(database, bouncer), freePort: true);

    // One key-encryption key for the deployment, as an operator gives every instance the same secret: in Production the
    // example refuses to keep its Data Protection keys in PostgreSQL without it (docs/deployment.md, docs/security.md).
    private static readonly string EncryptionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The settings every instance has: the default connection string through PgBouncer, the secrets' key-encryption
    /// key (Production); limits loose enough for the trials.</summary>
    private static Dictionary<string, string> Common(TestDatabase database, PgBouncer bouncer) => new()
    {
        ["ConnectionStrings__Postgres"] = bouncer.ConnectionString(database.Name),
        ["JustScale__Secrets__EncryptionKey"] = EncryptionKey,
        ["JustScale__Auth__RateLimits__RegisterPerIp"] = "10000/hour",
        ["JustScale__Auth__RateLimits__LoginPerIp"] = "10000/minute",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
