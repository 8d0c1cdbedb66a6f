using JustScale.Auth;
using JustScale.Core;
using JustScale.Postgres;
using JustScale.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Permissions.Tests;

/// <summary>A started cluster with users, organizations, documents and grants on "InMemory" or "Postgres" (a fresh database).</summary>
public sealed class PermissionStore : IAsyncDisposable
{
    private readonly Cluster _cluster;
    private readonly TestDatabase? _database;

    private PermissionStore(Cluster cluster, TestDatabase? database, TimeProvider time, bool ownsDatabase)
    {
        _cluster = cluster;
        _database = ownsDatabase ? database : null;
        Database = database;
        Clock = time;
    }

    /// <summary>Gets the cluster's clock: a fake one, or the system's for a store with a change feed (whose liveness runs on real time).</summary>
    public TimeProvider Clock { get; }

    /// <summary>Gets the PostgreSQL database, or null in memory.</summary>
    public TestDatabase? Database { get; }

    /// <summary>Gets the fake clock (stores without a change feed).</summary>
    public FakeTimeProvider Time => Clock as FakeTimeProvider ?? throw new InvalidOperationException("A store with a change feed runs on the system clock.");

    /// <summary>Gets the users.</summary>
    public IRepository<User> Users => Get<IRepository<User>>();

    /// <summary>Gets the documents.</summary>
    public IRepository<Doc> Docs => Get<IRepository<Doc>>();

    /// <summary>Gets the permission service.</summary>
    public PermissionService Permissions => Get<PermissionService>();

    /// <summary>Gets the organizations.</summary>
    public OrganizationService Organizations => Get<OrganizationService>();

    /// <summary>Gets the grants.</summary>
    public GrantService Grants => Get<GrantService>();

    /// <summary>Starts a store.</summary>
    /// <remarks>With <paramref name="changeFeed"/>, memberships notify their changes and a PgChangeFeed listens (PostgreSQL only);
    /// with <paramref name="shared"/>, the store is a second instance on that database (which it does not drop).</remarks>
    public static async Task<PermissionStore> StartAsync(string store, bool changeFeed = false, TestDatabase? shared = null)
    {
        TimeProvider time = changeFeed ? TimeProvider.System : new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        var database = shared ?? (store == "Postgres" ? await TestPostgres.CreateDatabaseAsync("permissions") : null);
        var builder = new ClusterBuilder().Provide<TimeProvider>(time);
        if (database is not null)
        {
            builder
                .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = database.ConnectionString, EnsureSchemaOnStart = true }))
                .Add(PgRepository.Create(PgModel.Create<User>(new PgModelOptions { Table = "users" })))
                .Add(PgRepository.Create(PgModel.Create<Organization>(new PgModelOptions { Table = "organizations" })))
                .Add(PgRepository.Create(changeFeed
                    ? PgModel.Create<Membership>(new PgModelOptions { Table = "memberships" }).WithChangeNotifications()
                    : PgModel.Create<Membership>(new PgModelOptions { Table = "memberships" })))
                .Add(PgRepository.Create(PgModel.Create<Invitation>(new PgModelOptions { Table = "invitations" })))
                .Add(PgRepository.Create(PgModel.Create<Doc>(new PgModelOptions { Table = "docs" })))
                .Add(PgRepository.Create(PgModel.Create<PermissionGrant>(new PgModelOptions { Table = "permission_grants" })));
            if (changeFeed)
            {
                // A generous liveness: on a loaded CI machine the 100 ms default flaps, and a cache that is off proves nothing here.
                builder.Add(new PgChangeFeed(new PgChangeFeedOptions { LivenessTimeout = TimeSpan.FromSeconds(5) }));
            }
        }
        else
        {
            builder
                .Add(InMemoryRepository.For<User>())
                .Add(InMemoryRepository.For<Organization>())
                .Add(InMemoryRepository.For<Membership>())
                .Add(InMemoryRepository.For<Invitation>())
                .Add(InMemoryRepository.For<Doc>())
                .Add(InMemoryRepository.For<PermissionGrant>());
        }

        var cluster = builder
            .Add(new PermissionsFeature().For<Doc>().For<Organization>().WithGrants().AddProvider<OrganizationPrincipals>())
            .Provide<OrganizationService>()
            .Build();
        try
        {
            await cluster.CompileAsync();
            await cluster.StartAsync();
            return new PermissionStore(cluster, database, time, ownsDatabase: shared is null);
        }
        catch
        {
            await cluster.DisposeAsync();
            if (database is not null && shared is null)
            {
                await database.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Waits until the change feed listens (its start gives up waiting after a while on a busy machine, then connects later).</summary>
    public async Task WaitLiveAsync(TimeSpan limit)
    {
        var feed = Get<IChangeFeed>();
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!feed.IsLive && System.Diagnostics.Stopwatch.GetElapsedTime(start) < limit)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>Resolves a service.</summary>
    public T Get<T>() where T : notnull => _cluster.Services.GetRequiredService<T>();

    /// <summary>Stores a new user.</summary>
    public Task<User> NewUserAsync(string who) =>
        Users.InsertAsync(new User { Email = $"{who}-{Guid.NewGuid():N}@example.com", PasswordHash = "not-a-hash" });

    /// <summary>Stores a document.</summary>
    public Task<Doc> NewDocAsync(Organization organization, User owner, string title) =>
        Docs.InsertAsync(new Doc { Organization = organization, Owner = owner, Title = title });

    /// <summary>Stops the cluster and drops the database.</summary>
    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
