using JustScale.Core;
using Microsoft.Extensions.Logging;

namespace JustScale.Auth;

/// <summary>Runs <see cref="SessionService.RevokeExpiredAsync"/> every <see cref="AuthOptions.SweepInterval"/> while the cluster runs.</summary>
/// <remarks>Opt-in (the interval is null by default). A failed sweep is logged and retried at the next tick, never fatal.</remarks>
internal sealed partial class ExpiredSessionSweeper(SessionService sessions, AuthOptions options, TimeProvider timeProvider, ILogger<ExpiredSessionSweeper> logger)
    : PeriodicBackgroundService
{
    private int _completedSweeps;

    /// <summary>Gets how many sweeps have finished (successful or not); for tests and diagnostics.</summary>
    public int CompletedSweeps => Volatile.Read(ref _completedSweeps);

    protected override TimeSpan Interval { get; } =
        options.SweepInterval ?? throw new ArgumentException("The sweeper needs AuthOptions.SweepInterval.", nameof(options));

    protected override TimeProvider Time => timeProvider;

    protected override ILogger Logger => logger;

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            LogSwept(await sessions.RevokeExpiredAsync(stoppingToken).ConfigureAwait(false));
        }
        finally
        {
            Interlocked.Increment(ref _completedSweeps);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Expired-session sweep removed {Removed} sessions")]
    private partial void LogSwept(int removed);
}
