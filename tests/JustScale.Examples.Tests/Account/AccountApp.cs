using CompleteExample;
using JustScale.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Examples.Tests.Account;

/// <summary>The hosted complete example on a free loopback port, rate limits off, its mail written to a fresh outbox folder; on either store.</summary>
public sealed class AccountApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestDatabase? _database;

    private AccountApp(WebApplication app, TestDatabase? database, string folder)
    {
        _app = app;
        _database = database;
        Url = new Uri(app.Urls.First());
        Outbox = new Outbox(folder);
    }

    /// <summary>Gets the base address.</summary>
    public Uri Url { get; }

    /// <summary>Gets the mails the app wrote.</summary>
    public Outbox Outbox { get; }

    /// <summary>Gets the host's services (the cluster's among them).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the example on "InMemory" or "Postgres" (a fresh database); <paramref name="configure"/> may add services to the host.</summary>
    /// <remarks>With <paramref name="rateLimits"/> the example's rate limits stay on, as in production.</remarks>
    public static async Task<AccountApp> StartAsync(string store, Action<WebApplicationBuilder>? configure = null, bool rateLimits = false)
    {
        Assert.That(store, Is.AnyOf("InMemory", "Postgres"));
        var database = store == "Postgres" ? await TestPostgres.CreateDatabaseAsync("account") : null;
        var folder = Path.Combine(Path.GetTempPath(), $"justscale-outbox-{Guid.NewGuid():N}");
        var app = ExampleHost.Build(["--port", "0", "--rate-limits", rateLimits ? "on" : "off"], builder =>
        {
            builder.Configuration["Mail:Outbox"] = folder;
            if (database is not null)
            {
                builder.Configuration["ConnectionStrings:Postgres"] = database.ConnectionString;
            }

            configure?.Invoke(builder);
        });
        try
        {
            await app.StartAsync();
            return new AccountApp(app, database, folder);
        }
        catch
        {
            await app.DisposeAsync();
            if (database is not null)
            {
                await database.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Resolves a service from the host.</summary>
    public T Resolve<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Stops the app, drops its database and deletes its outbox.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (Directory.Exists(Outbox.Folder))
        {
            Directory.Delete(Outbox.Folder, recursive: true);
        }
    }
}
