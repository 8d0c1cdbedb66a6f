using JustScale.Core;
using JustScale.Http;
using JustScale.Postgres;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Testing;

/// <summary>Hosts a JustScale app in this process with WebApplicationFactory, in the hosted style (<c>AddJustScale</c>, <c>MapJustScale</c>),
/// on real Kestrel (a free loopback port) or the in-memory TestServer, on the in-memory store or a fresh PostgreSQL database.</summary>
/// <example><code>
/// await using var app = await TestApp.StartAsync((cluster, store) => cluster
///     .Add(new AuthRepositories(store)).Add&lt;AuthFeature&gt;().Add(new AuthEndpointsFeature()),
///     options => options.Store = TestStore.Postgres);
/// var response = await app.Client.GetAsync("/account/me");
/// </code></example>
public sealed class TestApp : IAsyncDisposable
{
    private readonly TestAppFactory _factory;
    private readonly TestDatabase? _database;
    private readonly bool _kestrel;

    private TestApp(TestAppFactory factory, TestDatabase? database, Uri url, TimeProvider? time, bool kestrel)
    {
        _factory = factory;
        _kestrel = kestrel;
        _database = database;
        Url = url;
        Time = time;
        Client = CreateClient();
    }

    /// <summary>Gets the app's base address.</summary>
    public Uri Url { get; }

    /// <summary>Gets the host's services (the cluster's among them).</summary>
    public IServiceProvider Services => _factory.Services;

    /// <summary>Gets the clock the host was given, or null (the system clock).</summary>
    public TimeProvider? Time { get; }

    /// <summary>Gets the connection string of the app's database, or null on the in-memory store.</summary>
    public string? ConnectionString => _database?.ConnectionString;

    /// <summary>Gets a client of the app that keeps no cookies and follows no redirects; disposed with the app.</summary>
    public HttpClient Client { get; }

    /// <summary>Builds and starts the app: <paramref name="compose"/> adds the cluster's components, given the store's repository factory
    /// (<see cref="InMemoryRepository.Factory"/> or <see cref="PgRepository.Factory"/>, with a <see cref="PostgresClient"/> already added).</summary>
    public static async Task<TestApp> StartAsync(Action<ClusterBuilder, IRepositoryFactory> compose, Action<TestAppOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(compose);
        var options = new TestAppOptions();
        configure?.Invoke(options);
        var database = options.Store == TestStore.Postgres ? await TestPostgres.CreateDatabaseAsync("app").ConfigureAwait(false) : null;
        if (database is not null)
        {
            options.Settings["ConnectionStrings:Postgres"] = database.ConnectionString;
        }

        var factory = new TestAppFactory(options, cluster =>
        {
            if (database is null)
            {
                compose(cluster, InMemoryRepository.Factory);
                return;
            }

            cluster.Add(new PostgresClient(new PostgresClientOptions { ConnectionString = database.ConnectionString, EnsureSchemaOnStart = true }));
            compose(cluster, PgRepository.Factory);
        });
        try
        {
            Uri url;
            if (options.Kestrel)
            {
                factory.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
                factory.StartServer();
                url = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            }
            else
            {
                factory.StartServer();
                url = factory.Server.BaseAddress;
            }

            return new TestApp(factory, database, url, options.Time, options.Kestrel);
        }
        catch
        {
            await factory.DisposeAsync().ConfigureAwait(false);
            if (database is not null)
            {
                await database.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Resolves a service from the host.</summary>
    public T Resolve<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Creates a client of the app (the caller disposes it); with <paramref name="cookies"/> it keeps the cookies it is sent.</summary>
    /// <remarks>On Kestrel the client speaks real HTTP over the loopback socket; on the TestServer it is the factory's in-memory client.</remarks>
    public HttpClient CreateClient(bool cookies = false) => _kestrel
        ? new HttpClient(new SocketsHttpHandler { UseCookies = cookies, AllowAutoRedirect = false }) { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) }
        : _factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = Url, AllowAutoRedirect = false, HandleCookies = cookies });

    /// <summary>Stops the host (the server drains, then the cluster stops) and drops the database.</summary>
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync().ConfigureAwait(false);
        if (_database is not null)
        {
            await _database.DisposeAsync().ConfigureAwait(false);
        }
    }
}
