using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JustScale.Core;

/// <summary>Runs one piece of background work every interval while the cluster runs: a <see cref="BackgroundService"/> the cluster starts and stops.</summary>
/// <remarks>
/// The cluster's lifecycle (<see cref="Cluster.StartAsync"/>, or the host in the hosted style) calls
/// <see cref="BackgroundService.StartAsync"/> and <see cref="BackgroundService.StopAsync"/>; the work is not registered as an
/// <c>IHostedService</c> of its own, so it never starts twice. The interval is measured by a <see cref="PeriodicTimer"/> on
/// <see cref="Time"/> (a FakeTimeProvider in tests drives it). A run that throws is logged as a warning and retried at the
/// next tick; only stopping ends the loop.
/// </remarks>
public abstract partial class PeriodicBackgroundService : BackgroundService, IClusterLifecycle
{
    private PeriodicTimer? _timer;

    /// <summary>Gets the time between two runs.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>Gets the clock the interval is measured on; the system clock unless overridden.</summary>
    protected virtual TimeProvider Time => TimeProvider.System;

    /// <summary>Gets the logger a failed run is reported to; none unless overridden.</summary>
    protected virtual ILogger Logger => NullLogger.Instance;

    /// <summary>Gets whether the work also runs once as soon as it starts, before the first interval; false unless overridden.</summary>
    protected virtual bool RunAtStart => false;

    /// <inheritdoc />
    ValueTask IClusterLifecycle.OnStartAsync(CancellationToken cancellationToken) => new(StartAsync(cancellationToken));

    /// <inheritdoc />
    ValueTask IClusterLifecycle.OnStopAsync(CancellationToken cancellationToken) => new(StopAsync(cancellationToken));

    /// <summary>Starts the interval now (ticks of a fake clock after this call are not missed), then the loop in the background.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the loop has been started.</returns>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _timer, new PeriodicTimer(Interval, Time))?.Dispose();
        return base.StartAsync(cancellationToken);
    }

    /// <summary>Runs the work once; called every <see cref="Interval"/>.</summary>
    /// <param name="stoppingToken">Cancelled when the cluster stops.</param>
    /// <returns>A task that completes when the run is done.</returns>
    protected abstract Task RunOnceAsync(CancellationToken stoppingToken);

    /// <inheritdoc />
    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = _timer ?? new PeriodicTimer(Interval, Time);
        try
        {
            if (RunAtStart)
            {
                await RunGuardedAsync(stoppingToken).ConfigureAwait(false);
            }

            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await RunGuardedAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The cluster is stopping.
        }
    }

    private async Task RunGuardedAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunOnceAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogRunFailed(Logger, GetType().Name, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Work} failed; retrying at the next interval")]
    private static partial void LogRunFailed(ILogger logger, string work, Exception exception);
}
