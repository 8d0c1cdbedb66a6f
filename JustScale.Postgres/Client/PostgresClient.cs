using System.Collections.Concurrent;
using System.Net.Sockets;
using JustScale.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace JustScale.Postgres;

/// <summary>Connects a cluster to PostgreSQL through one pooled <see cref="NpgsqlDataSource"/> (the docs' <c>PostgresClient</c>).</summary>
/// <remarks>
/// Add it with <c>.Add&lt;PostgresClient&gt;()</c> (connection from configuration) or <c>.Add(new PostgresClient("..."))</c>.
/// The connection string is resolved when the cluster compiles (none: the compile fails naming every place searched);
/// the cluster's start opens one connection (unreachable: the start fails within the connect timeout). The data source
/// is disposed with the cluster. One instance belongs to one cluster.
/// </remarks>
public sealed partial class PostgresClient : IClusterComponent, IClusterLifecycle, IAsyncDisposable, IDisposable
{
    /// <summary>The number of statements each connection prepares automatically (Npgsql's <c>Max Auto Prepare</c>) when the connection string does not say.</summary>
    /// <remarks>A repository sends a handful of distinct statements, over and over; prepared, PostgreSQL parses and plans
    /// each once per connection instead of on every call, which nearly doubled the complete example's authenticated
    /// lookups per second on two cores (docs/postgres.md). <c>Max Auto Prepare=0</c> in the connection string turns it off, for a
    /// pooler that cannot keep prepared statements (PgBouncer before 1.21 in transaction mode).</remarks>
    public const int DefaultMaxAutoPrepare = 64;

    private readonly PostgresClientOptions _options;
    private readonly ConcurrentDictionary<Type, PgModel> _models = new();
    private readonly Lock _sync = new();
    private NpgsqlDataSource? _dataSource; // the pool of JustScale's own statements (Pool)
    private NpgsqlDataSource? _configured; // DataSource when it differs from the pool: exactly as configured, built on first use
    private string? _configuredConnectionString;
    private volatile bool _resetSkipped; // the pool skips Npgsql's reset on each pooled use: JustScale turned it off (No Reset On Close)
    private ILogger _logger = NullLogger.Instance;
    private ILoggerFactory? _loggerFactory;
    private LogBursts? _unavailableLog;
    private bool _autoPrepareGiven;
    private int _outage;
    private long _outagesBegun;
    private int _healthFailing;
    private TimeProvider _time = TimeProvider.System;
    private int _disposed;
    private bool _hosted;

    /// <summary>Creates a client that reads its connection string from the cluster's configuration.</summary>
    public PostgresClient()
        : this(new PostgresClientOptions())
    {
    }

    /// <summary>Creates a client for a connection string (Npgsql keywords or a <c>postgres://</c> URL).</summary>
    public PostgresClient(string connectionString)
        : this(new PostgresClientOptions { ConnectionString = connectionString })
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
    }

    /// <summary>Creates a client with options.</summary>
    public PostgresClient(PostgresClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Gets the pooled data source as configured (Npgsql's defaults), built on first use, for raw Npgsql commands.</summary>
    /// <remarks>
    /// Once the start has found the connection direct (no pooler in between), JustScale's own statements run on a pool of the
    /// same settings with Npgsql's per-use connection reset turned off (<c>No Reset On Close=true</c>): they leave nothing on
    /// a connection, so the seven statements Npgsql sends before each reuse are pure cost (docs/postgres.md). This data
    /// source keeps the reset, so session state that raw commands set (<c>SET</c>, temporary tables, session advisory locks,
    /// <c>LISTEN</c>) never reaches another user of the connection. It is the same instance as the pool before the start,
    /// behind a pooler, and when the connection string sets <c>No Reset On Close</c> itself or turns pooling off.
    /// </remarks>
    /// <exception cref="JustScaleException">No connection string is configured.</exception>
    public NpgsqlDataSource DataSource
    {
        get
        {
            var pool = Pool;
            if (!_resetSkipped)
            {
                return pool;
            }

            if (Volatile.Read(ref _configured) is { } existing)
            {
                return existing;
            }

            lock (_sync)
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
                return _configured ??= Build(_configuredConnectionString!);
            }
        }
    }

    /// <summary>Gets the pool JustScale's own statements run on, built on first use (see <see cref="DataSource"/>).</summary>
    internal NpgsqlDataSource Pool
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
            if (Volatile.Read(ref _dataSource) is { } existing)
            {
                return existing;
            }

            lock (_sync)
            {
                return _dataSource ??= Build(null, null);
            }
        }
    }

    /// <summary>Gets the models of the repositories created on this client.</summary>
    public IReadOnlyCollection<PgModel> Models => [.. _models.Values];

    /// <summary>Registers a model, so joins and <see cref="EnsureSchemaAsync"/> know its table; repositories do it themselves.</summary>
    /// <exception cref="InvalidOperationException">Another model with the same entity type or table is registered.</exception>
    public void Register(PgModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var existing = _models.GetOrAdd(model.EntityType, model);
        if (existing != model && existing.Table != model.Table)
        {
            throw new InvalidOperationException($"{model.EntityType.Name} is mapped twice on this PostgresClient: to {existing.Table} and to {model.Table}.");
        }

        var clash = _models.Values.FirstOrDefault(m => m.Table == model.Table && m.EntityType != model.EntityType);
        if (clash is not null)
        {
            throw new InvalidOperationException($"Table {model.Table} is mapped by both {clash.ModelName} and {model.ModelName}.");
        }
    }

    /// <summary>Disposes the data source and its pooled connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            foreach (var dataSource in Owned())
            {
                await dataSource.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Disposes the data source and its pooled connections.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            foreach (var dataSource in Owned())
            {
                dataSource.Dispose();
            }
        }
    }

    /// <inheritdoc />
    void IClusterComponent.Configure(ComponentContext context) =>
        context.Provide(sp =>
        {
            // A host (the hosted style) logs a failed start itself; the cluster's own container has no host lifetime.
            _hosted = sp.GetService<IHostApplicationLifetime>() is not null;
            return Attach(sp.GetService<IConfiguration>(), sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>());
        }, typeof(IConfiguration));

    /// <inheritdoc />
    async ValueTask IClusterLifecycle.OnStartAsync(CancellationToken cancellationToken)
    {
        if (_options.CheckConnectionOnStart)
        {
            await CheckConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await DetectPoolerAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidCastException)
            {
                // A pooler that answers oddly: start anyway; a missing prepared statement is still recovered from when it happens.
                LogPoolerCheckFailed(_logger, ex.GetType().Name);
            }
        }

        if (_options.EnsureSchemaOnStart)
        {
            try
            {
                await MigrateAsync(_options.ApplyMigrations, cancellationToken).ConfigureAwait(false);
            }
            catch (SchemaMigrationException)
            {
                UncaughtRefusal.Arm(_hosted);
                throw;
            }
        }
        else if (_options.CheckConnectionOnStart)
        {
            await WarnAboutMissingTablesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns the registered model of an entity type; throws naming the fix when there is none.</summary>
    internal PgModel<TRef> ModelOf<TRef>() where TRef : Entity, new() =>
        _models.TryGetValue(typeof(TRef), out var model)
            ? (PgModel<TRef>)model
            : throw new InvalidOperationException(
                $"No PgModel for {typeof(TRef).Name} is registered on this PostgresClient: add .Add(PgRepository.Create(PgModel.Create<{typeof(TRef).Name}>(...))).");

    /// <summary>Drops pooled connections once per outage, so the first call after a restart connects afresh; logs one warning
    /// per kind of failure per 10 s, and at the end of each window how many more there were.</summary>
    /// <remarks>The outage ends at the first connection opened afterwards (<see cref="OnAvailable"/>).</remarks>
    internal void OnUnavailable(Exception error)
    {
        var kind = error.GetType().Name + " " + ((error as PostgresException)?.SqlState ?? "-");
        if (Interlocked.Exchange(ref _outage, 1) == 0)
        {
            Interlocked.Increment(ref _outagesBegun);
            try
            {
                Volatile.Read(ref _dataSource)?.Clear();
                Volatile.Read(ref _configured)?.Clear();
            }
            catch (ObjectDisposedException)
            {
                // Disposed meanwhile: nothing to clear.
            }
        }

        if (_unavailableLog?.ShouldLog(kind) != false)
        {
            LogUnavailable(_logger, error.GetType().Name, (error as PostgresException)?.SqlState ?? "-", LogBursts.DefaultWindow.TotalSeconds);
        }
    }

    /// <summary>Gets how many outages began (each cleared the pool once); for tests.</summary>
    internal long OutagesBegun => Interlocked.Read(ref _outagesBegun);

    /// <summary>Logs a health check's change of state only: one warning when it starts failing, one line when it answers again.</summary>
    /// <param name="check">The check's registered name.</param>
    /// <param name="failure">The failure's description, or null when the check passed.</param>
    internal void OnHealthChecked(string check, string? failure)
    {
        var failing = failure is not null ? 1 : 0;
        if (Interlocked.Exchange(ref _healthFailing, failing) == failing)
        {
            return;
        }

        if (failure is not null)
        {
            LogHealthFailing(_logger, check, failure);
        }
        else
        {
            LogHealthRecovered(_logger, check);
        }
    }

    /// <summary>Ends an outage: a connection was opened, so the next failure clears the pool again.</summary>
    internal void OnAvailable()
    {
        if (Volatile.Read(ref _outage) == 1)
        {
            Interlocked.Exchange(ref _outage, 0);
        }
    }

    private PostgresClient Attach(IConfiguration? configuration, ILoggerFactory? loggerFactory, TimeProvider? time)
    {
        _time = time ?? TimeProvider.System;
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
            _dataSource ??= Build(configuration, loggerFactory);
        }

        return this;
    }

    private NpgsqlDataSource Build(IConfiguration? configuration, ILoggerFactory? loggerFactory)
    {
        var given = PgConnectionString.Resolve(_options.ConnectionString, configuration);
        _autoPrepareGiven = PgConnectionString.SetsAutoPrepare(given);
        if (loggerFactory is not null)
        {
            _loggerFactory = loggerFactory;
            _logger = loggerFactory.CreateLogger<PostgresClient>();
        }

        var logger = _logger;
        _unavailableLog = new LogBursts(_time, (kind, suppressed) => LogUnavailableSuppressed(logger, suppressed, kind, LogBursts.DefaultWindow.TotalSeconds));
        _configuredConnectionString = PgConnectionString.WithDefaults(given);
        return Build(_configuredConnectionString); // as configured until the start proves the connection direct (SwitchResetOff)
    }

    private NpgsqlDataSource Build(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (_loggerFactory is not null)
        {
            builder.UseLoggerFactory(_loggerFactory);
        }

        _options.ConfigureDataSource?.Invoke(builder);
        return builder.Build();
    }

    private List<NpgsqlDataSource> Owned()
    {
        lock (_sync)
        {
            return [.. _retired, .. new[] { _dataSource, _configured }.OfType<NpgsqlDataSource>()];
        }
    }

    private async Task CheckConnectionAsync(CancellationToken cancellationToken)
    {
        var dataSource = Pool;
        try
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or IOException or TimeoutException)
        {
            var where = PgConnectionString.Describe(dataSource.ConnectionString);
            var reason = ex is PostgresException pg ? $"{pg.SqlState} {pg.MessageText}" : (ex.InnerException ?? ex).Message;
            throw new JustScaleException($"PostgresClient cannot reach PostgreSQL at {where}: {reason}", innerException: new DatabaseUnavailableException(ex));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL is unavailable ({ErrorType}, SQLSTATE {SqlState}); the connection pool is cleared once per outage, and the same failures in the next {WindowSeconds} s are counted, not logged.")]
    private static partial void LogUnavailable(ILogger logger, string errorType, string sqlState, double windowSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL is unavailable: {Suppressed} more failures ({Kind}) in the last {WindowSeconds} s.")]
    private static partial void LogUnavailableSuppressed(ILogger logger, long suppressed, string kind, double windowSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check {Check} fails: {Failure}; logged again only when it passes.")]
    private static partial void LogHealthFailing(ILogger logger, string check, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Health check {Check} passes again.")]
    private static partial void LogHealthRecovered(ILogger logger, string check);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell whether a connection pooler sits in front of PostgreSQL ({ErrorType}); automatic preparation stays as configured.")]
    private static partial void LogPoolerCheckFailed(ILogger logger, string errorType);
}
