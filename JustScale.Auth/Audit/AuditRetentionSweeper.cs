using JustScale.Core;
using Microsoft.Extensions.Logging;

namespace JustScale.Auth;

/// <summary>Deletes audit entries older than <see cref="AuditOptions.Retention"/> every <see cref="AuditOptions.SweepInterval"/>, in batches.</summary>
/// <remarks>A <see cref="PeriodicBackgroundService"/> that sweeps once at start, then every interval. A failed sweep is
/// logged and retried at the next tick. Every instance may sweep: deleting rows already gone deletes nothing.</remarks>
internal sealed partial class AuditRetentionSweeper(AuditLog log, AuditOptions options, TimeProvider timeProvider, ILogger<AuditRetentionSweeper> logger)
    : PeriodicBackgroundService
{
    protected override TimeSpan Interval => options.SweepInterval;

    protected override TimeProvider Time => timeProvider;

    protected override ILogger Logger => logger;

    protected override bool RunAtStart => true;

    /// <summary>Deletes every entry older than the retention, batch by batch; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (options.Retention is not { } retention)
        {
            return 0;
        }

        var cutoff = Timestamps.Now(Time) - retention;
        var total = 0;
        int removed;
        do
        {
            removed = await log.DeleteBeforeAsync(cutoff, options.SweepBatchSize, cancellationToken).ConfigureAwait(false);
            total += removed;
        }
        while (removed == options.SweepBatchSize);
        return total;
    }

    protected override async Task RunOnceAsync(CancellationToken stoppingToken) => LogSwept(await SweepAsync(stoppingToken).ConfigureAwait(false));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Audit retention sweep removed {Removed} entries")]
    private partial void LogSwept(int removed);
}
