using JustScale.Core;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Core.Tests.Logging;

/// <summary>The log rule under an outage: the first occurrence of a kind is logged, the rest of its 10 s window counted and told when the window closes.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class LogBurstsTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);
    private readonly List<(string Key, long Count)> _summaries = [];

    private LogBursts NewBursts() => new(_time, (key, count) => _summaries.Add((key, count)));

    [Test]
    public void ShouldLog_BurstWithinOneWindow_FirstLoggedRestToldAtTheWindowsEnd()
    {
        var bursts = NewBursts();

        var logged = Enumerable.Range(0, 100).Count(_ => bursts.ShouldLog("503 database_unavailable"));
        _time.Advance(TimeSpan.FromSeconds(9.9));
        var summariesBeforeTheEnd = _summaries.Count;
        _time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.That(logged, Is.EqualTo(1));
        Assert.That(summariesBeforeTheEnd, Is.Zero);
        Assert.That(_summaries, Is.EqualTo(new[] { ("503 database_unavailable", 99L) }));
    }

    [Test]
    public void ShouldLog_OutageLongerThanAWindow_OneSummaryPerWindowWithItsOwnCount()
    {
        var bursts = NewBursts();
        var logged = 0;
        for (var second = 0; second < 25; second++)
        {
            logged += Enumerable.Range(0, 10).Count(_ => bursts.ShouldLog("k"));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.That(logged, Is.EqualTo(1));
        Assert.That(_summaries.Select(s => s.Count), Is.EqualTo(new[] { 99L, 100L, 50L }));
    }

    [Test]
    public void ShouldLog_KindsAndLoneOccurrences_EachKindItsOwnWindowAndNoEmptySummary()
    {
        var bursts = NewBursts();

        Assert.That(bursts.ShouldLog("a"), Is.True);
        Assert.That(bursts.ShouldLog("b"), Is.True);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.That(bursts.ShouldLog("a"), Is.True, "a new burst after a quiet window is logged again");

        Assert.That(_summaries, Is.Empty);
    }
}
