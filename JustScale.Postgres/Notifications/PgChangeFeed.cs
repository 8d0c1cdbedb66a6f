using System.Collections.Frozen;
using System.Diagnostics;
using JustScale.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JustScale.Postgres;

/// <summary>Publishes the changes of notifying tables (<see cref="PgModelOptions.NotifyChanges"/>) to this process, through PostgreSQL LISTEN/NOTIFY.</summary>
/// <remarks>
/// Add it with <c>.Add(new PgChangeFeed())</c> beside the <see cref="PostgresClient"/>; it provides <see cref="IChangeFeed"/>.
/// One dedicated connection LISTENs on <see cref="Channel"/>: the one of <see cref="PgChangeFeedOptions.ListenConnectionString"/>,
/// else of <c>ConnectionStrings:PostgresListen</c> in configuration, else one from the client's pool. The feed proves its
/// subscription, not just its connection: every <see cref="PgChangeFeedOptions.HeartbeatInterval"/> it sends itself a
/// notification through the client's pool (the path every writer takes) and counts as live only while the latest one came
/// back on the listening connection within <see cref="PgChangeFeedOptions.LivenessTimeout"/> of being sent. Through a
/// transaction-mode pooler (PgBouncer) the proofs never come back: the feed stays not live (caches bypassed: correct, slower)
/// and logs one warning naming <c>ConnectionStrings:PostgresListen</c>. After a lost connection it subscribes again, resets
/// its observers (changes made meanwhile were missed) and is live again at the first proof. Reconnection waits 100 ms at
/// first, doubling up to 5 s, and starts from 100 ms again after a proven subscription.
/// </remarks>
public sealed partial class PgChangeFeed : IClusterComponent, IChangeFeed, IClusterLifecycle, IAsyncDisposable
{
    /// <summary>The channel the triggers notify and the feed listens on.</summary>
    public const string Channel = "justscale_changes";

    private readonly PgChangeFeedOptions _options;
    private readonly Lock _sync = new();
    private readonly TaskCompletionSource _firstListen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IChangeObserver[] _observers = [];
    private FrozenDictionary<string, PgModel> _tables = FrozenDictionary<string, PgModel>.Empty;
    private PostgresClient? _client;
    private ILogger _logger = NullLogger.Instance;
    private CancellationTokenSource? _stopping;
    private Task? _loop;
    private readonly LogBursts _lostLog;
    private string? _listenConnectionString;
    private long _generation;
    private volatile bool _listening;

    /// <summary>Creates a feed that listens on a connection of the cluster's <see cref="PostgresClient"/>.</summary>
    public PgChangeFeed()
        : this(new PgChangeFeedOptions())
    {
    }

    /// <summary>Creates a feed with options (a direct connection string for the listener, heartbeat and liveness times).</summary>
    public PgChangeFeed(PgChangeFeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _lostLog = new LogBursts(TimeProvider.System, (_, suppressed) => LogLostSuppressed(_logger, suppressed, LogBursts.DefaultWindow.TotalSeconds));
    }

    /// <summary>Names the configuration key of a direct connection for the listener (environment <c>ConnectionStrings__PostgresListen</c>).</summary>
    public const string ListenConnectionStringKey = "ConnectionStrings:PostgresListen";

    /// <inheritdoc />
    /// <remarks>True while the latest notification the feed sent itself through the pool came back on the listening connection, and
    /// was sent within <see cref="PgChangeFeedOptions.LivenessTimeout"/>: every change committed before it was sent has been delivered.
    /// Asking is what keeps the proofs going: after <see cref="PgChangeFeedOptions.IdleAfter"/> without a question they pause, and the
    /// first question after the pause (answered false) wakes them.</remarks>
    public bool IsLive
    {
        get
        {
            if (Volatile.Read(ref _asked) == 0 && Interlocked.Exchange(ref _asked, 1) == 0)
            {
                Volatile.Read(ref _wake)?.TrySetResult(); // one write per heartbeat at most: the proof loop clears the flag each tick
            }

            return _listening && Stopwatch.GetElapsedTime(Volatile.Read(ref _provenAt)) <= _options.LivenessTimeout;
        }
    }

    /// <inheritdoc />
    public long Generation => Volatile.Read(ref _generation);

    /// <inheritdoc />
    /// <remarks>True for an entity type whose model is registered on the client with <see cref="PgModelOptions.NotifyChanges"/>.</remarks>
    public bool Covers(Type entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        return _client?.Models.Any(m => m.EntityType == entityType && m.NotifiesChanges) == true;
    }

    /// <inheritdoc />
    public IDisposable Subscribe(IChangeObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_sync)
        {
            _observers = [.. _observers, observer];
        }

        return new Subscription(this, observer);
    }

    /// <inheritdoc />
    void IClusterComponent.Configure(ComponentContext context) =>
        context.Provide<IChangeFeed>(
            sp => Attach(sp.GetRequiredService<PostgresClient>(), sp.GetService<IConfiguration>(), sp.GetService<ILoggerFactory>()),
            typeof(PostgresClient));

    /// <inheritdoc />
    /// <remarks>Waits up to <see cref="PgChangeFeedOptions.StartTimeout"/> for the first proven subscription (or the verdict that the
    /// proofs do not come back); without it the cluster starts with the feed not live.</remarks>
    async ValueTask IClusterLifecycle.OnStartAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            if (_loop is not null)
            {
                return;
            }

            _stopping = new CancellationTokenSource();
            var direct = _listenConnectionString;
            _loop = Task.Run(() => ListenAsync(direct, _stopping.Token), CancellationToken.None);
        }

        await Task.WhenAny(_firstListen.Task, Task.Delay(_options.StartTimeout, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <inheritdoc />
    async ValueTask IClusterLifecycle.OnStopAsync(CancellationToken cancellationToken) => await StopAsync().ConfigureAwait(false);

    /// <summary>Stops listening and closes the listening connection.</summary>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private PgChangeFeed Attach(PostgresClient client, IConfiguration? configuration, ILoggerFactory? loggerFactory)
    {
        _client = client;
        _listenConnectionString = _options.ListenConnectionString is { Length: > 0 } given
            ? given
            : configuration?[ListenConnectionStringKey] is { } configured && !string.IsNullOrWhiteSpace(configured) ? configured : null;
        _logger = loggerFactory?.CreateLogger<PgChangeFeed>() ?? NullLogger<PgChangeFeed>.Instance;
        return this;
    }

    private async Task StopAsync()
    {
        Task? loop;
        lock (_sync)
        {
            loop = _loop;
            _stopping?.Cancel();
        }

        await (loop ?? Task.CompletedTask).ConfigureAwait(false);
        _listening = false;
    }

    private void Unsubscribe(IChangeObserver observer)
    {
        lock (_sync)
        {
            _observers = [.. _observers.Where(o => o != observer)];
        }
    }

    private sealed class Subscription(PgChangeFeed feed, IChangeObserver observer) : IDisposable
    {
        public void Dispose() => feed.Unsubscribe(observer);
    }
}
