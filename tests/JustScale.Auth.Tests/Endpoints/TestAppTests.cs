using System.Net;
using JustScale.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Endpoints;

/// <summary>The test hosting helper itself: AuthEndpointsFeature on PostgreSQL with a fake clock, as docs/testing.md shows it.</summary>
[TestFixture]
public sealed class TestAppTests
{
    [Test]
    public async Task StartAsync_PostgresAndFakeClock_ServesTheFeatureOnItsDatabaseAndClock()
    {
        await using var app = await TestApp.StartAsync(
            (cluster, store) => cluster.Add(new AuthRepositories(store)).Add<AuthFeature>().Add(new AuthEndpointsFeature()),
            options => { options.Store = TestStore.Postgres; options.Time = new FakeTimeProvider(); });
        using var response = await app.Client.GetAsync("/account/me");

        var user = await app.Resolve<UserService>().RegisterAsync($"app-{Guid.NewGuid():N}@example.com", "correct horse battery staple");
        var session = await app.Resolve<SessionService>().CreateAsync(user);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(app.Resolve<TimeProvider>(), Is.SameAs(app.Time).And.InstanceOf<FakeTimeProvider>());
        Assert.That(session.ExpiresAt, Is.EqualTo(app.Time!.GetUtcNow() + TimeSpan.FromDays(7)));
        Assert.That(app.Resolve<IRepository<User>>().GetType().Name, Does.StartWith("Pg"));
        Assert.That(app.Resolve<IConfiguration>()["ConnectionStrings:Postgres"], Is.EqualTo(app.ConnectionString).And.Not.Null);
        Assert.That(app.Url.IsLoopback, Is.True);
    }

    [Test]
    public async Task StartAsync_InMemoryOnTestServer_ServesTheFeature()
    {
        await using var app = await TestApp.StartAsync(
            (cluster, store) => cluster.Add(new AuthRepositories(store)).Add<AuthFeature>().Add(new AuthEndpointsFeature()),
            options => options.Kestrel = false);
        var user = await app.Resolve<UserService>().RegisterAsync($"app-{Guid.NewGuid():N}@example.com", "correct horse battery staple");
        var session = await app.Resolve<SessionService>().CreateAsync(user);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/me") { Headers = { { "Authorization", $"Bearer {session.Token}" } } };

        using var response = await app.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(user.Email));
        Assert.That(app.ConnectionString, Is.Null);
        Assert.That(app.Resolve<IRepository<User>>().GetType().Name, Does.Not.StartWith("Pg"));
    }
}
