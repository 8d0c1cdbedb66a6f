using JustScale.Core;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Core.Tests.Memory;

/// <summary>The idle trimmer collects once when a busy process goes idle, and never while it stays busy or stays idle.</summary>
/// <remarks>The thresholds are large (64 MiB quiet, 128 MiB busy) so that tests of other fixtures running meanwhile in this
/// process cannot make an interval look busy or quiet by themselves.</remarks>
[TestFixture]
[NonParallelizable]
public sealed class IdleMemoryTrimmerTests
{
    private static readonly IdleMemoryTrimOptions Options = new() { QuietBytes = 64L << 20, ActivityBytes = 128L << 20, CheckInterval = TimeSpan.FromSeconds(2), QuietChecks = 1 };

    [TestCase(0, 1)]
    [TestCase(2, 0)]
    public void Constructor_NonsenseOptions_ThrowsNamingTheOption(int checkSeconds, int quietChecks)
    {
        var options = new IdleMemoryTrimOptions { CheckInterval = TimeSpan.FromSeconds(checkSeconds), QuietChecks = quietChecks };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new IdleMemoryTrimmer(options));

        Assert.That(error!.ParamName, Is.EqualTo(checkSeconds == 0 ? nameof(IdleMemoryTrimOptions.CheckInterval) : nameof(IdleMemoryTrimOptions.QuietChecks)));
    }

    [Test]
    public void Check_NoActivitySinceCreated_NeverCollects()
    {
        var trimmer = new IdleMemoryTrimmer(Options);

        Assert.That((trimmer.Check(), trimmer.Check()), Is.EqualTo((false, false)));
        Assert.That(trimmer.Trims, Is.Zero);
    }

    [Test]
    public void Check_BusyThenIdle_CollectsOnceAndNotAgainUntilBusyAgain()
    {
        var trimmer = new IdleMemoryTrimmer(Options);
        var gen2 = GC.CollectionCount(2);

        Allocate(256);
        Assert.That(trimmer.Check(), Is.False, "the interval that allocated is busy, not idle");
        Assert.That(trimmer.Check(), Is.True, "an idle interval after the busy one collects");
        Assert.That(trimmer.Check(), Is.False, "idle again, with nothing allocated since the trim: no second collection");
        Assert.That(GC.CollectionCount(2), Is.GreaterThan(gen2));

        Allocate(256);
        Assert.That((trimmer.Check(), trimmer.Check()), Is.EqualTo((false, true)));
        Assert.That(trimmer.Trims, Is.EqualTo(2));
    }

    [Test]
    public void Check_ShortPauseBetweenBursts_NoCollectionUntilQuietChecksInARow()
    {
        var trimmer = new IdleMemoryTrimmer(new IdleMemoryTrimOptions { QuietBytes = 64L << 20, ActivityBytes = 128L << 20, QuietChecks = 3 });

        Allocate(256);
        Assert.That((trimmer.Check(), trimmer.Check(), trimmer.Check()), Is.EqualTo((false, false, false)), "busy, then two quiet intervals");
        Allocate(256);
        Assert.That((trimmer.Check(), trimmer.Check(), trimmer.Check()), Is.EqualTo((false, false, false)), "a burst restarts the count");
        Assert.That(trimmer.Check(), Is.True, "the third quiet interval in a row collects");
    }

    [Test]
    public async Task Cluster_BusyThenTwoIdleTicks_TrimsOnTheClock()
    {
        var time = new FakeTimeProvider();
        var trimmer = new IdleMemoryTrimmer(Options);
        await using var cluster = new ClusterBuilder().Provide<TimeProvider>(time).Add(trimmer).Build();
        await cluster.CompileAsync();
        await cluster.StartAsync();

        Allocate(256);
        var deadline = DateTime.UtcNow.AddSeconds(30); // an upper limit: the first idle check trims at once
        while (trimmer.Trims == 0 && DateTime.UtcNow < deadline)
        {
            time.Advance(Options.CheckInterval); // the first check sees the busy interval, a later one an idle one
            await Task.Delay(50);
        }

        Assert.That(trimmer.Trims, Is.EqualTo(1));
        for (var i = 0; i < 5; i++)
        {
            time.Advance(Options.CheckInterval);
            await Task.Delay(20);
        }

        Assert.That(trimmer.Trims, Is.EqualTo(1), "staying idle does not collect again");
        await cluster.StopAsync();
    }

    // Allocates short-lived garbage, as a busy period of requests would.
    private static void Allocate(int mebibytes)
    {
        for (var i = 0; i < mebibytes * 16; i++)
        {
            GC.KeepAlive(new byte[64 * 1024]);
        }
    }
}
