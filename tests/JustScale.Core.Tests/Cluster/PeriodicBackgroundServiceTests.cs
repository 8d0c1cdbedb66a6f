using JustScale.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Core.Tests.Cluster;

public sealed class PeriodicBackgroundServiceTests
{
    [Test]
    public async Task Run_EachTickOfTheFakeClock_RunsOnceAndAFailureIsLoggedThenRetried()
    {
        var time = new FakeTimeProvider();
        var logger = new FakeLogger();
        var work = new CountingWork(time, logger) { FailOn = 2 };
        IClusterLifecycle lifecycle = work;
        await lifecycle.OnStartAsync(CancellationToken.None);

        for (var expected = 1; expected <= 3; expected++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            Assert.That(await work.Runs.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)), Is.EqualTo(expected));
        }

        await lifecycle.OnStopAsync(CancellationToken.None);
        var failure = logger.Collector.GetSnapshot().Single(r => r.Level == LogLevel.Warning);
        Assert.That(failure.Message, Is.EqualTo("CountingWork failed; retrying at the next interval"));
        Assert.That(failure.Exception, Is.TypeOf<InvalidOperationException>());
        Assert.That(work.ExecuteTask, Has.Property(nameof(Task.IsCompleted)).True.And.Property(nameof(Task.IsFaulted)).False);
    }

    [Test]
    public async Task Stop_BeforeTheFirstTick_EndsTheLoopWithoutARun()
    {
        var time = new FakeTimeProvider();
        var work = new CountingWork(time, new FakeLogger());
        IClusterLifecycle lifecycle = work;
        await lifecycle.OnStartAsync(CancellationToken.None);
        await lifecycle.OnStopAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.That(work.Runs.Reader.TryRead(out _), Is.False);
        Assert.That(work.ExecuteTask, Has.Property(nameof(Task.IsCompleted)).True.And.Property(nameof(Task.IsFaulted)).False);
    }

    [Test]
    public async Task Start_WithRunAtStart_RunsOnceBeforeTheFirstTick()
    {
        var time = new FakeTimeProvider();
        var work = new CountingWork(time, new FakeLogger()) { StartRun = true };
        IClusterLifecycle lifecycle = work;
        await lifecycle.OnStartAsync(CancellationToken.None);

        Assert.That(await work.Runs.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)), Is.EqualTo(1));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.That(await work.Runs.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)), Is.EqualTo(2));
        await lifecycle.OnStopAsync(CancellationToken.None);
    }

    private sealed class CountingWork(TimeProvider time, ILogger logger) : PeriodicBackgroundService
    {
        private int _runs;

        public System.Threading.Channels.Channel<int> Runs { get; } = System.Threading.Channels.Channel.CreateUnbounded<int>();

        public int FailOn { get; init; }

        public bool StartRun { get; init; }

        protected override bool RunAtStart => StartRun;

        protected override TimeSpan Interval => TimeSpan.FromSeconds(10);

        protected override TimeProvider Time => time;

        protected override ILogger Logger => logger;

        protected override Task RunOnceAsync(CancellationToken stoppingToken)
        {
            var run = ++_runs;
            Runs.Writer.TryWrite(run);
            return run == FailOn ? Task.FromException(new InvalidOperationException("boom")) : Task.CompletedTask;
        }
    }
}
