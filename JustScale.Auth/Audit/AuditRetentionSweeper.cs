using JustScale.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JustScale.Auth;

/// <summary>Deletes audit entries older than <see cref="AuditOptions.Retention"/> every <see cref="AuditOptions.SweepInterval"/>, in batches.</summary>
/// <remarks>A BackgroundService that the cluster starts and stops (IClusterLifecycle), hosted or not. A failed sweep is
/// logged and retried at the next tick. Every instance may sweep: deleting rows already gone deletes nothing.</remarks>
internal sealed partial class AuditRetentionSweeper : BackgroundService, IClusterLifecycle
{
    private readonly AuditLog _log;
    private readonly AuditOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditRetentionSweeper> _logger;

    public AuditRetentionSweeper(AuditLog log, AuditOptions options, TimeProvider timeProvider, ILogger<AuditRetentionSweeper> logger)
    {
        _log = log;
        _options = options;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>Gets how many sweeps have finished (successful or not); for tests and diagnostics.</summary>
    public int CompletedSweeps { get; private set; }

    public ValueTask OnStartAsync(CancellationToken cancellationToken) => new(StartAsync(cancellationToken));

    public ValueTask OnStopAsync(CancellationToken cancellationToken) => new(StopAsync(cancellationToken));

    /// <summary>Deletes every entry older than the retention, batch by batch; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (_options.Retention is not { } retention)
        {
            return 0;
        }

        var cutoff = Timestamps.Now(_time) - retention;
        var total = 0;
        int removed;
        do
        {
            removed = await _log.DeleteBeforeAsync(cutoff, _options.SweepBatchSize, cancellationToken).ConfigureAwait(false);
            total += removed;
        }
        while (removed == _options.SweepBatchSize);
        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.SweepInterval, _time);
        try
        {
            do
            {
                try
                {
                    LogSwept(await SweepAsync(stoppingToken).ConfigureAwait(false));
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
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The cluster is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Audit retention sweep removed {Removed} entries")]
    private partial void LogSwept(int removed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit retention sweep failed; retrying at the next interval")]
    private partial void LogSweepFailed(Exception exception);
}
