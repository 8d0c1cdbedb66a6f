using JustScale.Core;
using JustScale.Postgres.Tests.Models;
using JustScale.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace JustScale.Postgres.Tests.Pooler;

/// <summary>Gives a fixture its own database on the harness's PostgreSQL, a real PgBouncer 1.18 in transaction mode in front of
/// it, and clusters whose logs are recorded.</summary>
public abstract class PoolerFixture
{
    /// <summary>Maps users with change notifications, so a feed has something to deliver.</summary>
    protected static readonly PgModel<DocsUser> PgUser = PgModel.Create<DocsUser>(new PgModelOptions { Table = "users", NotifyChanges = true });

    private readonly List<Cluster> _clusters = [];

    /// <summary>Gets the fixture's database (direct connection string).</summary>
    protected TestDatabase Database { get; private set; } = null!;

    /// <summary>Gets the PgBouncer in front of the server.</summary>
    protected PgBouncer Bouncer { get; private set; } = null!;

    /// <summary>Gets a connection string to the database through PgBouncer, with nothing else set (the default connection string).</summary>
    protected string Pooled => Bouncer.ConnectionString(Database.Name);

    /// <summary>Creates the database and the schema, then starts PgBouncer (two server connections: enough to move a session away).</summary>
    [OneTimeSetUp]
    public async Task StartPooler()
    {
        Database = await TestPostgres.CreateDatabaseAsync(GetType().Name);
        Bouncer = await PgBouncer.StartAsync(await TestPostgres.GetServerConnectionStringAsync(), poolSize: 2);
        await using var schema = await StartClusterAsync(Database.ConnectionString, ensureSchema: true);
    }

    /// <summary>Disposes the clusters, stops PgBouncer and drops the database.</summary>
    [OneTimeTearDown]
    public async Task StopPooler()
    {
        foreach (var cluster in _clusters)
        {
            await cluster.DisposeAsync();
        }

        await Bouncer.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Builds and starts a cluster on a connection string, logging into <paramref name="logs"/>, with optional configuration and feed.</summary>
    protected async Task<Cluster> StartClusterAsync(
        string connectionString, FakeLogCollector? logs = null, bool ensureSchema = false, bool checkOnStart = true,
        IReadOnlyDictionary<string, string?>? configuration = null, PgChangeFeed? feed = null)
    {
        var builder = new ClusterBuilder()
            .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = connectionString, EnsureSchemaOnStart = ensureSchema, CheckConnectionOnStart = checkOnStart }))
            .Add(PgRepository.Create(PgUser))
            .ConfigureServices(services =>
            {
                services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()).Build());
                if (logs is not null)
                {
                    services.AddSingleton<ILoggerFactory>(LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Information)));
                }
            });
        if (feed is not null)
        {
            builder.Add(feed);
        }

        var cluster = builder.Build();
        _clusters.Add(cluster);
        await cluster.CompileAsync();
        await cluster.StartAsync();
        return cluster;
    }

    /// <summary>Returns the recorded messages of a level that contain a text.</summary>
    protected static List<string> Messages(FakeLogCollector logs, LogLevel level, string containing) =>
        [.. logs.GetSnapshot().Where(r => r.Level == level && r.Message.Contains(containing, StringComparison.Ordinal)).Select(r => r.Message)];

    /// <summary>Returns a new user with a unique email.</summary>
    protected static DocsUser NewUser() => new() { Email = $"{Guid.NewGuid():N}@example.com", PasswordHash = "x" };
}
