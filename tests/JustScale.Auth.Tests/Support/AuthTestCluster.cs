using JustScale.Core;
using JustScale.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Support;

/// <summary>Builds a compiled cluster with AuthFeature on the in-memory store or on a fresh PostgreSQL database.</summary>
public sealed class AuthTestCluster : IAsyncDisposable
{
    private readonly TestDatabase? _database;

    private AuthTestCluster(Core.Cluster cluster, TestDatabase? database, FakeLogCollector logs)
    {
        Cluster = cluster;
        _database = database;
        Logs = logs;
    }

    public Core.Cluster Cluster { get; }

    /// <summary>Gets every log record of the cluster, at every level.</summary>
    public FakeLogCollector Logs { get; }

    /// <summary>Gets each log record as one line: level, category, message and the exception with its stack, to look for secrets in.</summary>
    public IReadOnlyList<string> LogLines => [.. Logs.GetSnapshot().Select(r => $"{r.Level} {r.Category}: {r.Message} {r.Exception}")];

    public string? ConnectionString => _database?.ConnectionString;

    public UserService Users => Cluster.Resolve<UserService>();

    public SessionService Sessions => Cluster.Resolve<SessionService>();

    public IRepository<User> UserRepository => Cluster.Resolve<IRepository<User>>();

    public IRepository<Session> SessionRepository => Cluster.Resolve<IRepository<Session>>();

    public static async Task<AuthTestCluster> CreateAsync(
        StoreKind store, FakeTimeProvider time, Action<AuthOptions>? configure = null, Action<ClusterBuilder>? compose = null)
    {
        var logs = new FakeLogCollector();
        var builder = new ClusterBuilder()
            .Provide<TimeProvider>(time)
            .ConfigureLogging(logging => logging.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Trace))
            .Add(new AuthFeature(options => configure?.Invoke(options)));
        TestDatabase? database = null;
        if (store == StoreKind.Postgres)
        {
            database = await TestPostgres.CreateDatabaseAsync("auth");
            PostgresStore.Add(builder, database.ConnectionString);
        }
        else
        {
            builder.Add(InMemoryRepository.For<User>()).Add(InMemoryRepository.For<Session>());
        }

        compose?.Invoke(builder);
        var cluster = builder.Build();
        await cluster.CompileAsync();
        await cluster.StartAsync();
        return new AuthTestCluster(cluster, database, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
