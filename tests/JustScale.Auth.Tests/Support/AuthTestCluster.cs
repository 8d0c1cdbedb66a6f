using JustScale.Core;
using JustScale.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Support;

/// <summary>Builds a compiled cluster with AuthFeature on the in-memory store or on a fresh PostgreSQL database.</summary>
public sealed class AuthTestCluster : IAsyncDisposable
{
    private readonly TestDatabase? _database;

    private AuthTestCluster(Core.Cluster cluster, TestDatabase? database, LogCapture logs)
    {
        Cluster = cluster;
        _database = database;
        Logs = logs;
    }

    public Core.Cluster Cluster { get; }

    public LogCapture Logs { get; }

    public string? ConnectionString => _database?.ConnectionString;

    public UserService Users => Cluster.Resolve<UserService>();

    public SessionService Sessions => Cluster.Resolve<SessionService>();

    public IRepository<User> UserRepository => Cluster.Resolve<IRepository<User>>();

    public IRepository<Session> SessionRepository => Cluster.Resolve<IRepository<Session>>();

    public static async Task<AuthTestCluster> CreateAsync(
        StoreKind store, FakeTimeProvider time, Action<AuthOptions>? configure = null, Action<ClusterBuilder>? compose = null)
    {
        var logs = new LogCapture();
        var builder = new ClusterBuilder()
            .Provide<TimeProvider>(time)
            .ConfigureLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))
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
