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
public sealed partial class IdleMemoryTrimmer : PeriodicBackgroundService, IClusterComponent
{
    private readonly IdleMemoryTrimOptions _options;
    private TimeProvider _time = TimeProvider.System;
    private ILogger _logger = NullLogger.Instance;
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
    protected override TimeSpan Interval => _options.CheckInterval;

    /// <inheritdoc />
    protected override TimeProvider Time => _time;

    /// <inheritdoc />
    protected override ILogger Logger => _logger;

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

    /// <inheritdoc />
    protected override Task RunOnceAsync(CancellationToken stoppingToken)
    {
        Check();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Idle after a busy period: collected, working set {BeforeMiB} MiB -> {AfterMiB} MiB.")]
    private static partial void LogTrimmed(ILogger logger, long beforeMiB, long afterMiB);
}
