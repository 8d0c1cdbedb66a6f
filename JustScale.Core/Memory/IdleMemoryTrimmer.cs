using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JustScale.Core;

/// <summary>Gives memory back to the system once a process that was busy goes idle: one compacting, decommitting collection.</summary>
/// <remarks>
/// Add it with <c>.Add(new IdleMemoryTrimmer())</c>. The runtime keeps what a busy period made it commit (the young
/// generation's budget, the regions of the garbage) until its next collection, and an idle process allocates nothing, so it
/// never collects: after a burst of requests the process stays at its busy size. Every <see cref="IdleMemoryTrimOptions.CheckInterval"/>
/// the trimmer reads how much the process allocated; when the last <see cref="IdleMemoryTrimOptions.QuietChecks"/> intervals each
/// allocated less than <see cref="IdleMemoryTrimOptions.QuietBytes"/> (idle) and at least <see cref="IdleMemoryTrimOptions.ActivityBytes"/> were
/// allocated since the last trim (it was busy), it runs one blocking, compacting collection in
/// <see cref="GCCollectionMode.Aggressive"/> mode, which also decommits the free memory. A process that stays busy is never
/// interrupted; one that stays idle is trimmed once. Measured on the complete example: see docs/benchmarks-history.md, "Idle memory".
/// </remarks>
public sealed partial class IdleMemoryTrimmer : IClusterComponent, IClusterLifecycle, IAsyncDisposable
{
    private readonly IdleMemoryTrimOptions _options;
    private TimeProvider _time = TimeProvider.System;
    private ILogger _logger = NullLogger.Instance;
    private CancellationTokenSource? _stopping;
    private Task? _loop;
    private long _lastTick;
    private long _lastTrim;
    private int _quiet;
    private int _trims;

    /// <summary>Creates a trimmer with the default thresholds (a check every 2 s; idle after 3 checks below 1 MiB each; busy after 32 MiB).</summary>
    public IdleMemoryTrimmer()
        : this(new IdleMemoryTrimOptions())
    {
    }

    /// <summary>Creates a trimmer with its thresholds.</summary>
    public IdleMemoryTrimmer(IdleMemoryTrimOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _lastTick = _lastTrim = GC.GetTotalAllocatedBytes();
    }

    /// <summary>Gets how many times the trimmer has collected so far.</summary>
    public int Trims => Volatile.Read(ref _trims);

    /// <inheritdoc />
    void IClusterComponent.Configure(ComponentContext context) =>
        context.Provide(sp => Attach(sp.GetService<TimeProvider>(), sp.GetService<ILoggerFactory>()));

    /// <inheritdoc />
    ValueTask IClusterLifecycle.OnStartAsync(CancellationToken cancellationToken)
    {
        if (_loop is null)
        {
            _stopping = new CancellationTokenSource();
            _loop = RunAsync(_stopping.Token);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    async ValueTask IClusterLifecycle.OnStopAsync(CancellationToken cancellationToken) => await StopAsync().ConfigureAwait(false);

    /// <summary>Stops the checks.</summary>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>Runs one check now: collects when the process was busy and has gone idle; true when it collected.</summary>
    public bool Check()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        var lastInterval = allocated - _lastTick;
        _lastTick = allocated;
        _quiet = lastInterval < _options.QuietBytes ? _quiet + 1 : 0;
        if (_quiet < _options.QuietChecks || allocated - _lastTrim < _options.ActivityBytes)
        {
            return false;
        }

        var before = Environment.WorkingSet;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _lastTick = _lastTrim = GC.GetTotalAllocatedBytes();
        Interlocked.Increment(ref _trims);
        LogTrimmed(_logger, before >> 20, Environment.WorkingSet >> 20);
        return true;
    }

    private IdleMemoryTrimmer Attach(TimeProvider? time, ILoggerFactory? loggers)
    {
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)loggers?.CreateLogger<IdleMemoryTrimmer>() ?? NullLogger.Instance;
        return this;
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_options.CheckInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                Check();
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    private async Task StopAsync()
    {
        if (_stopping is { } stopping)
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            if (_loop is { } loop)
            {
                await loop.ConfigureAwait(false);
            }

            stopping.Dispose();
            _stopping = null;
            _loop = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Idle after a busy period: collected, working set {BeforeMiB} MiB -> {AfterMiB} MiB.")]
    private static partial void LogTrimmed(ILogger logger, long beforeMiB, long afterMiB);
}
