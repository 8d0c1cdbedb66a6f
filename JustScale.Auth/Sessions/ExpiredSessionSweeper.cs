using JustScale.Core;
using Microsoft.Extensions.Logging;

namespace JustScale.Auth;

/// <summary>Runs <see cref="SessionService.RevokeExpiredAsync"/> every <see cref="AuthOptions.SweepInterval"/> while the cluster runs.</summary>
/// <remarks>Opt-in (the interval is null by default). A failed sweep is logged and retried at the next tick, never fatal.</remarks>
internal sealed partial class ExpiredSessionSweeper : IClusterLifecycle, IAsyncDisposable
{
    private readonly SessionService _sessions;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger<ExpiredSessionSweeper> _logger;
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    public ExpiredSessionSweeper(SessionService sessions, AuthOptions options, TimeProvider timeProvider, ILogger<ExpiredSessionSweeper> logger)
    {
        _sessions = sessions;
        _interval = options.SweepInterval ?? throw new ArgumentException("The sweeper needs AuthOptions.SweepInterval.", nameof(options));
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>Gets how many sweeps have finished (successful or not); for tests and diagnostics.</summary>
    public int CompletedSweeps { get; private set; }

    public ValueTask OnStartAsync(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        _loop = RunAsync(_stopping.Token);
        return ValueTask.CompletedTask;
    }

    public async ValueTask OnStopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null || _loop is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
        _stopping = null;
        _loop = null;
    }

    public async ValueTask DisposeAsync() => await OnStopAsync(CancellationToken.None).ConfigureAwait(false);

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    var removed = await _sessions.RevokeExpiredAsync(stopping).ConfigureAwait(false);
                    LogSwept(removed);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(ex);
                }
                finally
                {
                    CompletedSweeps++;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The cluster is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Expired-session sweep removed {Removed} sessions")]
    private partial void LogSwept(int removed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expired-session sweep failed; retrying at the next interval")]
    private partial void LogSweepFailed(Exception exception);
}
