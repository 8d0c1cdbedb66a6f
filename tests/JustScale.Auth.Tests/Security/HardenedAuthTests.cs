using JustScale.Core;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Security;

/// <summary>Checks that the options docs/security.md shows take effect.</summary>
[TestFixture]
public sealed class HardenedAuthTests
{
    [Test]
    public async Task Feature_AsDocumented_ShortSessionsSweepLimitsAndCookies()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));
        await using var cluster = new ClusterBuilder()
            .Provide<TimeProvider>(time)
            .Add(InMemoryRepository.For<User>())
            .Add(InMemoryRepository.For<Session>())
            .Add(HardenedAuth.Feature())
            .Build();
        await cluster.CompileAsync();
        var options = cluster.Resolve<AuthOptions>();
        var user = await cluster.Resolve<UserService>().RegisterAsync("ada@example.com", "correct horse battery staple");

        var session = await cluster.Resolve<SessionService>().CreateAsync(user);

        Assert.That(session.ExpiresAt, Is.EqualTo(time.GetUtcNow().AddHours(12)));
        Assert.That(cluster.Services.GetService(typeof(ExpiredSessionSweeper)), Is.Not.Null);
        Assert.That(options.RateLimits.LoginPerEmail?.Window, Is.EqualTo(TimeSpan.FromMinutes(15)));
        Assert.That(options.Cookie?.Name, Is.EqualTo("__Host-session"));
    }
}
