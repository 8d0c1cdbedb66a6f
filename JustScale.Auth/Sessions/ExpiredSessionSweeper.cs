using JustScale.Core;
using Microsoft.Extensions.Logging;

namespace JustScale.Auth;

/// <summary>Runs <see cref="SessionService.RevokeExpiredAsync"/> every <see cref="AuthOptions.SweepInterval"/> while the cluster runs.</summary>
/// <remarks>Opt-in (the interval is null by default). A failed sweep is logged and retried at the next tick, never fatal.</remarks>
internal sealed partial class ExpiredSessionSweeper : PeriodicBackgroundService
{
    private readonly SessionService _sessions;
    private readonly ILogger<ExpiredSessionSweeper> _logger;
    private int _completedSweeps;

    public ExpiredSessionSweeper(SessionService sessions, AuthOptions options, TimeProvider timeProvider, ILogger<ExpiredSessionSweeper> logger)
    {
        _sessions = sessions;
        Interval = options.SweepInterval ?? throw new ArgumentException("The sweeper needs AuthOptions.SweepInterval.", nameof(options));
        Time = timeProvider;
        _logger = logger;
    }

    /// <summary>Gets how many sweeps have finished (successful or not); for tests and diagnostics.</summary>
    public int CompletedSweeps => Volatile.Read(ref _completedSweeps);

    protected override TimeSpan Interval { get; }

    protected override TimeProvider Time { get; }

    protected override ILogger Logger => _logger;

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            LogSwept(await _sessions.RevokeExpiredAsync(stoppingToken).ConfigureAwait(false));
        }
        finally
        {
            Interlocked.Increment(ref _completedSweeps);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Expired-session sweep removed {Removed} sessions")]
    private partial void LogSwept(int removed);
}
