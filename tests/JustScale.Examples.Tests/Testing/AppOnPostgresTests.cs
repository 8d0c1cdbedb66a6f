using JustScale.Auth;
using JustScale.Http;
using JustScale.Postgres;
using JustScale.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AppTests;

/// <summary>What docs/testing.md shows an app's own tests doing with the JustScale.Testing package: a real PostgreSQL
/// (found or started), one fresh database per fixture, dropped afterwards.</summary>
[TestFixture]
public sealed class AppOnPostgresTests
{
    private TestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await TestPostgres.CreateDatabaseAsync("app");

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task Register_HostedAppOnTheTestDatabase_StoresTheUserInPostgres()
    {
        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Configuration["ConnectionStrings:Postgres"] = _database.ConnectionString;
        builder.AddJustScale(cluster => cluster
            .Add(new PostgresClient(new PostgresClientOptions { EnsureSchemaOnStart = true }))
            .Add(PgRepository.Create(PgModel.Create<User>(new PgModelOptions { Table = "users" })))
            .Add(PgRepository.Create(PgModel.Create<Session>(new PgModelOptions { Table = "sessions" })))
            .Add<AuthFeature>());
        await using var app = builder.Build();
        app.MapJustScale();
        await app.StartAsync();

        await app.Services.GetRequiredService<UserService>().RegisterAsync("ada@example.com", "correct horse battery staple");

        await using var connection = await _database.OpenConnectionAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM users WHERE email = 'ada@example.com'", connection);
        Assert.That(await count.ExecuteScalarAsync(), Is.EqualTo(1L));
        await app.StopAsync();
    }
}
