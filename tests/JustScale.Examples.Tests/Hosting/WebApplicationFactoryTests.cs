using System.Net;
using JustScale.Auth;
using JustScale.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace JustScale.Examples.Tests.Hosting;

/// <summary>Tests the hosted complete example the way users test their own apps: <c>WebApplicationFactory&lt;Program&gt;</c>, on each store.</summary>
/// <remarks>The factory runs Program.cs on a TestServer; its services are the app's one container, cluster included.</remarks>
[TestFixture("InMemory")]
[TestFixture("Postgres")]
public sealed class WebApplicationFactoryTests(string store)
{
    private const string Password = "correct horse battery staple";
    private TestDatabase? _database;
    private WebApplicationFactory<Program> _root = null!;
    private WebApplicationFactory<Program> _factory = null!;

    [OneTimeSetUp]
    public async Task CreateFactory()
    {
        if (store == "Postgres")
        {
            _database = await TestPostgres.CreateDatabaseAsync("waf");
        }

        _root = new WebApplicationFactory<Program>();
        _factory = _database is null
            ? _root
            : _root.WithWebHostBuilder(builder => builder.UseSetting("ConnectionStrings:Postgres", _database.ConnectionString));
    }

    [OneTimeTearDown]
    public async Task DisposeFactory()
    {
        await _factory.DisposeAsync();
        await _root.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private static string NewEmail() => $"waf-{Guid.NewGuid():N}@example.com";

    [Test]
    public async Task Factory_RegisterLoginProfile_ServesTheFlowFromOneContainer()
    {
        using var client = new ApiClient(_factory.CreateClient());
        var email = NewEmail();

        var (registerStatus, registered) = await client.PostAsync("/auth/register", new { email, password = Password, name = "Ada" });
        var (loginStatus, login) = await client.PostAsync("/auth/login", new { email, password = Password });
        var token = login.GetProperty("token").GetString();
        var (profileStatus, profile) = await client.GetAsync("/profile", token);
        var found = await _factory.Services.GetRequiredService<UserService>().FindByEmailAsync(email);

        var id = registered.GetProperty("user").GetProperty("id").GetString();
        Assert.That(registerStatus, Is.EqualTo(HttpStatusCode.OK), registered.ToString());
        Assert.That(registered.GetProperty("user").GetProperty("email").GetString(), Is.EqualTo(email));
        Assert.That(loginStatus, Is.EqualTo(HttpStatusCode.OK), login.ToString());
        Assert.That(token, Does.Match("^[0-9a-f]{64}$"));
        Assert.That(profileStatus, Is.EqualTo(HttpStatusCode.OK), profile.ToString());
        Assert.That(profile.GetProperty("email").GetString(), Is.EqualTo(email));
        Assert.That(profile.GetProperty("id").GetString(), Is.EqualTo(id));
        Assert.That(found?.Id.ToString(), Is.EqualTo(id), "the host's container resolves the cluster's UserService, on the same store");
        Assert.That(await StoredUsersAsync(email), Is.EqualTo(_database is null ? 0 : 1), "the Postgres fixture stores the user in its database");
    }

    [Test]
    public async Task Factory_WrongPassword_Returns401()
    {
        using var client = new ApiClient(_factory.CreateClient());
        var email = NewEmail();
        await client.RegisterAsync(email, Password);

        var (status, body) = await client.PostAsync("/auth/login", new { email, password = "not the password" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(body.GetProperty("error").GetString(), Is.EqualTo("Invalid credentials"));
    }

    [Test]
    public async Task Factory_UnknownPath_Returns404Json()
    {
        using var client = new ApiClient(_factory.CreateClient());

        var (status, body) = await client.GetAsync("/no/such/route");

        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(body.GetProperty("error").GetString(), Is.EqualTo("Not Found"));
    }

    [Test]
    public async Task Factory_HealthReady_Returns200()
    {
        using var http = _factory.CreateClient();

        using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Factory_TestServicesReplaceTimeProvider_SessionExpiresWhenFakeTimePassesTheTtl()
    {
        var fakeTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(fakeTime)));
        using var client = new ApiClient(factory.CreateClient());
        var token = await client.RegisterAsync(NewEmail(), Password);
        var (freshStatus, _) = await client.GetAsync("/profile", token);

        fakeTime.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1)); // the session TTL of appsettings.json, and a minute
        var (expiredStatus, expired) = await client.GetAsync("/profile", token);

        Assert.That(factory.Services.GetRequiredService<TimeProvider>(), Is.SameAs(fakeTime));
        Assert.That(freshStatus, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(expiredStatus, Is.EqualTo(HttpStatusCode.Unauthorized), expired.ToString());
    }

    private async Task<long> StoredUsersAsync(string email)
    {
        if (_database is null)
        {
            return 0;
        }

        await using var connection = await _database.OpenConnectionAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM users WHERE email = $1", connection) { Parameters = { new() { Value = email } } };
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
