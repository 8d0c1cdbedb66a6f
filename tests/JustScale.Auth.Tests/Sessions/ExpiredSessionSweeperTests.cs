using JustScale.Auth.Tests.Support;
using JustScale.Core;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Sessions;

[TestFixture(StoreKind.InMemory)]
[TestFixture(StoreKind.Postgres)]
public sealed class ExpiredSessionSweeperTests(StoreKind store)
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Sweep_WhileClusterRuns_RemovesExpiredRowsEveryInterval()
    {
        var time = new FakeTimeProvider(Start);
        await using var auth = await AuthTestCluster.CreateAsync(store, time, options => options.SweepInterval = TimeSpan.FromMinutes(5));
        var user = await auth.Users.RegisterAsync("ada@example.com", "correct horse battery staple");
        for (var i = 0; i < 4; i++)
        {
            await auth.Sessions.CreateAsync(user, new CreateSessionOptions { Ttl = TimeSpan.FromMinutes(1) });
        }

        var live = await auth.Sessions.CreateAsync(user);
        var sweeper = auth.Cluster.Resolve<ExpiredSessionSweeper>();

        time.Advance(TimeSpan.FromMinutes(5));
        await WaitUntilAsync(() => sweeper.CompletedSweeps >= 1);

        Assert.That(await auth.SessionRepository.CountAsync(Filter<Session>.All), Is.EqualTo(1));
        Assert.That(await auth.Sessions.FindByTokenAsync(live.Token), Is.Not.Null);
    }

    [Test]
    public async Task Sweep_NotConfigured_NoSweeperRuns()
    {
        await using var auth = await AuthTestCluster.CreateAsync(store, new FakeTimeProvider(Start));

        Assert.That(auth.Cluster.Services.GetService(typeof(ExpiredSessionSweeper)), Is.Null);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30); // an upper limit: a sweep takes milliseconds, longer on a starved machine
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("The sweeper did not run within 30 seconds.");
            }

            await Task.Delay(20);
        }
    }
}
