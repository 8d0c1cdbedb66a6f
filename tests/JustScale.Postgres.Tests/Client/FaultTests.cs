using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using JustScale.Core;
using JustScale.Postgres.Tests.Models;
using JustScale.Testing;

namespace JustScale.Postgres.Tests.Client;

/// <summary>Stops the test's own server mid-test: calls fail with DatabaseUnavailableException in time, and work again after a restart.</summary>
[TestFixture]
public sealed class FaultTests
{
    private static readonly PgModel<DocsUser> PgUser = PgModel.Create<DocsUser>(new PgModelOptions { Table = "users" });
    private static readonly PgModel<DocsSession> PgSession = PgModel.Create<DocsSession>(new PgModelOptions { Table = "sessions" });
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    [Test]
    public async Task ServerStopped_CallsFailUnavailableInTime_ThenSameRepositoryWorksAfterRestart()
    {
        await using var server = await PostgresServer.StartLocalAsync();
        await using var cluster = await StartAsync(server.ConnectionString + ";Timeout=3;Command Timeout=5");
        var users = cluster.Resolve<IRepository<DocsUser>>();
        var sessions = cluster.Resolve<IRepository<DocsSession>>();
        var ada = await users.InsertAsync(NewUser());

        await server.StopAsync();

        await AssertUnavailableInTimeAsync(() => users.GetAsync(ada.Id));
        await AssertUnavailableInTimeAsync(() => users.InsertAsync(NewUser()));
        await AssertUnavailableInTimeAsync(() => sessions.FindOneWithAsync<DocsUser>(Filter<DocsSession>.All, DocsSession.Model.Field(s => s.User)));
        await AssertUnavailableInTimeAsync(() => cluster.Resolve<PostgresClient>().TransactionAsync(_ => Task.CompletedTask));

        await server.StartAsync();

        Assert.That((await users.GetAsync(ada.Id))?.Email, Is.EqualTo(ada.Email));
        var grace = await users.InsertAsync(NewUser());
        Assert.That(await users.GetAsync(grace.Id), Is.Not.Null);
    }

    [Test]
    public async Task ServerRestartedWhileIdle_FirstCallsWork()
    {
        await using var server = await PostgresServer.StartLocalAsync();
        await using var cluster = await StartAsync(server.ConnectionString + ";Timeout=3;Command Timeout=5");
        var users = cluster.Resolve<IRepository<DocsUser>>();
        var ada = await users.InsertAsync(NewUser());
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => users.GetAsync(ada.Id)));   // several idle pooled connections

        await server.StopAsync();
        await server.StartAsync();

        Assert.That((await users.GetAsync(ada.Id))?.Email, Is.EqualTo(ada.Email));
        Assert.That(await users.InsertAsync(NewUser()), Is.Not.Null);
        Assert.That(await users.CountAsync(Filter<DocsUser>.All), Is.EqualTo(2));
    }

    [Test]
    public async Task ServerStoppedInsideTransaction_TransactionFailsUnavailable_NothingCommitted()
    {
        await using var server = await PostgresServer.StartLocalAsync();
        await using var cluster = await StartAsync(server.ConnectionString + ";Timeout=3;Command Timeout=5");
        var users = cluster.Resolve<IRepository<DocsUser>>();
        var first = NewUser();

        await AssertUnavailableInTimeAsync(() => cluster.Resolve<PostgresClient>().TransactionAsync(async _ =>
        {
            await users.InsertAsync(first);
            await server.StopAsync();
            await users.InsertAsync(NewUser());
        }));

        await server.StartAsync();
        Assert.That(await users.GetAsync(first.Id), Is.Null);
    }

    [Test]
    public async Task Start_NothingListening_FailsClearlyWithinConnectTimeoutWithoutPassword()
    {
        var port = FreePort();
        await using var cluster = new ClusterBuilder()
            .Add(new PostgresClient($"Host=127.0.0.1;Port={port};Username=app;Password=hunter2-secret;Database=app;Timeout=2"))
            .Add(PgRepository.Create(PgUser))
            .Build();
        await cluster.CompileAsync();
        var clock = Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<JustScaleException>(() => cluster.StartAsync());

        Assert.That(clock.Elapsed, Is.LessThan(Budget));
        Assert.That(error!.Message, Does.StartWith($"PostgresClient cannot reach PostgreSQL at 127.0.0.1:{port}/app"));
        Assert.That(error.Message, Does.Not.Contain("hunter2"));
        Assert.That(error.InnerException, Is.InstanceOf<DatabaseUnavailableException>());
    }

    private static async Task<Cluster> StartAsync(string connectionString)
    {
        var cluster = new ClusterBuilder()
            .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = connectionString, EnsureSchemaOnStart = true }))
            .Add(PgRepository.Create(PgUser))
            .Add(PgRepository.Create(PgSession))
            .Build();
        await cluster.CompileAsync();
        await cluster.StartAsync();
        return cluster;
    }

    private static async Task AssertUnavailableInTimeAsync(Func<Task> call)
    {
        var clock = Stopwatch.StartNew();
        Exception? error = null;
        try
        {
            await call();
        }
        catch (Exception ex)
        {
            error = ex;
        }

        Assert.That(error, Is.InstanceOf<DatabaseUnavailableException>(), error?.ToString());
        Assert.That(clock.Elapsed, Is.LessThan(Budget));
        Assert.That(((DatabaseUnavailableException)error!).StatusCode, Is.EqualTo(503));
    }

    private static DocsUser NewUser() => new() { Email = $"{Guid.NewGuid():N}@example.com", PasswordHash = "hash" };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
