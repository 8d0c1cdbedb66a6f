using JustScale.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace JustScale.Postgres;

/// <summary>Keeps rate-limit counters in a PostgreSQL table, so that instances sharing the database share every limit.</summary>
/// <remarks>
/// Add it next to the <see cref="PostgresClient"/>: <c>.Add(new PgRateLimitStore())</c>; JustScale.Http then counts every
/// <c>RateLimitPolicy</c> here instead of in memory. A counted request costs one statement: an atomic
/// <c>INSERT ... ON CONFLICT DO UPDATE</c> on the counter's row, outside any ambient transaction (a rollback must not
/// undo a count). A key already at or over its limit in the current window is refused from memory, without a
/// connection or a statement, and at most <see cref="PgRateLimitStoreOptions.MaxConcurrentCommands"/> statements run
/// at once, so a burst of limited requests never takes the connection pool. Keys are stored as their HMAC-SHA256 under
/// a server secret (<see cref="PgRateLimitStoreOptions.Secret"/>), so the table holds no email or address, and guessing
/// one needs the secret. The table is UNLOGGED: counters are short-lived, and losing them in a crash only resets the
/// current windows. A background purge deletes counters of finished windows.
/// </remarks>
public sealed partial class PgRateLimitStore : PeriodicBackgroundService, IRateLimitStore, IClusterComponent
{
    // pg_advisory_xact_lock key, "JustScale rate limits", so instances starting at once create the table one after the other.
    private const long TableLockKey = 0x4A53_5261_7465_4C6D;

    // Keys at their limit kept in memory; each is one attacker's address or target email, so this is plenty.
    private const int RefusedKeyCapacity = 10_000;

    private readonly PgRateLimitStoreOptions _options;
    private readonly string _table;
    private readonly string _upsert;
    private readonly SemaphoreSlim _slots;
    private readonly RefusedKeys _refused = new(RefusedKeyCapacity);
    private PostgresClient? _client;
    private TimeProvider _time = TimeProvider.System;
    private ILogger _logger = NullLogger.Instance;
    private long _statements;
    private long _answeredLocally;
    private long _lastSaturationLog = long.MinValue;
    private long _lastProgress = long.MinValue; // when a statement last took or gave back a slot (TimeProvider timestamp)

    /// <summary>Creates the store with the default table <c>rate_limits</c>.</summary>
    public PgRateLimitStore()
        : this(new PgRateLimitStoreOptions())
    {
    }

    /// <summary>Creates the store with options.</summary>
    /// <exception cref="ArgumentException">The table name is not a plain identifier, the secret is shorter than 32 bytes, or an interval or bound is not positive.</exception>
    public PgRateLimitStore(PgRateLimitStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.PurgeInterval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentCommands, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CommandSlotWait, TimeSpan.Zero, nameof(options));
        if (options.Secret is { Length: < PgRateLimitStoreOptions.MinimumSecretLength } shortSecret)
        {
            throw new ArgumentException($"The rate limit secret must be at least {PgRateLimitStoreOptions.MinimumSecretLength} bytes; it has {shortSecret.Length}.", nameof(options));
        }

        _options = options;
        _secret = options.Secret?.ToArray();
        _table = SqlNames.Quote(SqlNames.Validate(options.Table, "rate limit table"));
        _secretTable = SqlNames.Quote(SqlNames.Validate(options.Table + "_secret", "rate limit secret table (the table name plus _secret)"));
        _slots = new SemaphoreSlim(options.MaxConcurrentCommands, options.MaxConcurrentCommands);
        _upsert = $"""
            INSERT INTO {_table} AS t (key, window_start, window_end, count) VALUES ($1, $2, $3, $4)
            ON CONFLICT (key) DO UPDATE SET
                count = CASE WHEN EXCLUDED.window_start > t.window_start THEN EXCLUDED.count ELSE t.count + EXCLUDED.count END,
                window_start = GREATEST(t.window_start, EXCLUDED.window_start),
                window_end = GREATEST(t.window_end, EXCLUDED.window_end)
            RETURNING count, window_start
            """;
    }

    /// <summary>Gets how many counting statements (UPSERTs) this store has run; for tests and diagnostics.</summary>
    internal long Statements => Interlocked.Read(ref _statements);

    /// <summary>Gets how many increments this store answered from memory, without a statement.</summary>
    internal long AnsweredLocally => Interlocked.Read(ref _answeredLocally);

    /// <summary>Gets the DDL of the tables, for those who apply the schema with their own migration tool.</summary>
    /// <remarks>Without a configured <see cref="PgRateLimitStoreOptions.Secret"/> it includes <c>{Table}_secret</c>, which holds the generated one.</remarks>
    public string GetSchemaSql() =>
        $"CREATE UNLOGGED TABLE IF NOT EXISTS {_table} (key bytea PRIMARY KEY, window_start timestamptz NOT NULL, window_end timestamptz NOT NULL, count bigint NOT NULL);\n" +
        $"CREATE INDEX IF NOT EXISTS {SqlNames.Quote(SqlNames.Validate(SqlNames.Truncate(_options.Table + "_window_end_idx"), "index"))} ON {_table} (window_end);\n" +
        (_options.Secret is null ? $"CREATE TABLE IF NOT EXISTS {_secretTable} (id smallint PRIMARY KEY CHECK (id = 1), secret bytea NOT NULL);\n" : "");

    /// <inheritdoc />
    /// <exception cref="DatabaseUnavailableException">PostgreSQL cannot be reached, or the store's connection slots stayed busy.</exception>
    public ValueTask<RateLimitCount> IncrementAsync(string key, DateTimeOffset windowStart, TimeSpan window, int permits, CancellationToken cancellationToken = default) =>
        IncrementAsync(key, windowStart, window, permits, long.MaxValue, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// A key the store has seen at or over <paramref name="permitLimit"/> in this window is answered from memory. Otherwise
    /// the increment waits up to <see cref="PgRateLimitStoreOptions.CommandSlotWait"/> for one of
    /// <see cref="PgRateLimitStoreOptions.MaxConcurrentCommands"/> slots; when none frees up, it is answered as over the
    /// limit (the caller refuses it, 429) rather than queued without bound, or, when no statement made progress during
    /// the whole wait (PostgreSQL frozen), with <see cref="DatabaseUnavailableException"/> (503).
    /// </remarks>
    /// <exception cref="DatabaseUnavailableException">PostgreSQL cannot be reached.</exception>
    public async ValueTask<RateLimitCount> IncrementAsync(string key, DateTimeOffset windowStart, TimeSpan window, int permits, long permitLimit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        var client = Client;
        if (TryRefuseLocally(key, windowStart, permits, permitLimit, out var known))
        {
            return known;
        }

        if (!await _slots.WaitAsync(_options.CommandSlotWait, cancellationToken).ConfigureAwait(false))
        {
            LogSaturatedOnce();
            return permitLimit == long.MaxValue || IsStalled()
                ? throw new DatabaseUnavailableException()
                : new RateLimitCount(permitLimit + permits, windowStart);
        }

        MarkProgress();
        try
        {
            // Another request may have found the key over its limit while this one waited for a slot.
            if (TryRefuseLocally(key, windowStart, permits, permitLimit, out known))
            {
                return known;
            }

            var digest = await DigestAsync(key, cancellationToken).ConfigureAwait(false);
            var counted = await UpsertAsync(client, digest, windowStart, window, permits, cancellationToken).ConfigureAwait(false);
            if (permitLimit != long.MaxValue)
            {
                _refused.Remember(key, counted, window, permitLimit, _time.GetUtcNow());
            }

            return counted;
        }
        finally
        {
            MarkProgress();
            _slots.Release();
        }
    }

    // A busy store (a burst: statements keep finishing, this request just never got a slot) answers 429; a stalled one (no
    // statement took or gave back a slot during the whole wait: PostgreSQL frozen or unreachable) answers 503, as the
    // outage it is, rather than telling clients to back off from a limit they did not reach.
    private bool IsStalled()
    {
        var last = Interlocked.Read(ref _lastProgress);
        return last != long.MinValue && _time.GetElapsedTime(last) >= _options.CommandSlotWait;
    }

    private void MarkProgress() => Interlocked.Exchange(ref _lastProgress, _time.GetTimestamp());

    private bool TryRefuseLocally(string key, DateTimeOffset windowStart, int permits, long permitLimit, out RateLimitCount count)
    {
        if (permitLimit == long.MaxValue || !_refused.TryRefuse(key, windowStart, permits, permitLimit, _time.GetUtcNow(), out count))
        {
            count = default;
            return false;
        }

        Interlocked.Increment(ref _answeredLocally);
        return true;
    }

    private async Task<RateLimitCount> UpsertAsync(PostgresClient client, byte[] digest, DateTimeOffset windowStart, TimeSpan window, int permits, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var command = client.Pool.CreateCommand(_upsert);
                await using var commandScope = command.ConfigureAwait(false);
                command.Parameters.Add(new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = digest });
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = windowStart.ToUniversalTime() });
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = (windowStart + window).ToUniversalTime() });
                command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = permits });
                Interlocked.Increment(ref _statements);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using var readerScope = reader.ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return new RateLimitCount(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1));
            }
            catch (Exception ex) when (attempt == 1 && PgErrors.IsStaleConnection(ex, readOnly: false))
            {
                // 57P01: the statement never ran on a connection the server had closed; one retry on a fresh one is safe.
                client.OnUnavailable(ex);
            }
            catch (Exception ex) when (attempt == 1 && PostgresClient.IsLostPreparedStatement(ex))
            {
                client.OnLostPreparedStatement(ex); // the statement did not run: retried once, unprepared
            }
            catch (Exception ex) when (PgErrors.Translate(ex, null, client) is { } translated)
            {
                throw translated;
            }
        }
    }

    private void LogSaturatedOnce()
    {
        // One warning per 10 seconds of saturation, not one per refused request.
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastSaturationLog);
        if ((last == long.MinValue || _time.GetElapsedTime(last, now) >= TimeSpan.FromSeconds(10))
            && Interlocked.CompareExchange(ref _lastSaturationLog, now, last) == last)
        {
            LogSaturated(_logger, _options.MaxConcurrentCommands, _options.CommandSlotWait);
        }
    }

    /// <summary>Deletes the counters of windows that ended before <paramref name="before"/>; returns how many.</summary>
    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default) => TranslatedAsync(async client =>
    {
        var command = client.Pool.CreateCommand($"DELETE FROM {_table} WHERE window_end < $1");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = before.ToUniversalTime() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    });

    /// <summary>Creates the table and its index when missing, under an advisory lock so that concurrent starts are safe.</summary>
    public Task EnsureTableAsync(CancellationToken cancellationToken = default) => TranslatedAsync(async client =>
    {
        var connection = await client.Pool.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch.ConfigureAwait(false))
        {
            var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1)");
            lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = TableLockKey });
            batch.BatchCommands.Add(lockCommand);
            foreach (var statement in GetSchemaSql().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(statement.TrimEnd(';')));
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    });

    /// <inheritdoc />
    void IClusterComponent.Configure(ComponentContext context) =>
        context.Provide<IRateLimitStore>(
            sp => Attach(sp.GetRequiredService<PostgresClient>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILoggerFactory>()),
            typeof(PostgresClient),
            typeof(TimeProvider));

    /// <summary>Creates the table and loads the secret (unless <see cref="PgRateLimitStoreOptions.EnsureTableOnStart"/> is off), then starts the background purge.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the store is ready.</returns>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.EnsureTableOnStart)
        {
            await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
            await DigestAsync("", cancellationToken).ConfigureAwait(false); // loads (or generates) the secret now rather than on the first request
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override TimeSpan Interval => _options.PurgeInterval;

    /// <inheritdoc />
    protected override TimeProvider Time => _time;

    /// <inheritdoc />
    protected override ILogger Logger => _logger;

    /// <inheritdoc />
    protected override async Task RunOnceAsync(CancellationToken stoppingToken) =>
        LogPurged(_logger, await PurgeAsync(_time.GetUtcNow(), stoppingToken).ConfigureAwait(false));

    // Runs a statement on the store's client; a database error leaves translated, as every JustScale.Postgres call does.
    private async Task<TResult> TranslatedAsync<TResult>(Func<PostgresClient, Task<TResult>> work)
    {
        var client = Client;
        try
        {
            return await work(client).ConfigureAwait(false);
        }
        catch (Exception ex) when (PgErrors.Translate(ex, null, client) is { } translated)
        {
            throw translated;
        }
    }

    private PostgresClient Client => _client
        ?? throw new InvalidOperationException("PgRateLimitStore is not attached to a cluster: add it with .Add(new PgRateLimitStore()) next to a PostgresClient.");

    private PgRateLimitStore Attach(PostgresClient client, TimeProvider time, ILoggerFactory? loggerFactory)
    {
        if (_client is not null && _client != client)
        {
            throw new InvalidOperationException("This PgRateLimitStore already belongs to another cluster; create one per cluster.");
        }

        _client = client;
        _time = time;
        _logger = (ILogger?)loggerFactory?.CreateLogger<PgRateLimitStore>() ?? NullLogger.Instance;
        return this;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rate limit purge deleted {Deleted} finished counters")]
    private static partial void LogPurged(ILogger logger, int deleted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit store saturated: all {Slots} statement slots stayed busy for {Wait}; refusing the requests that could not be counted")]
    private static partial void LogSaturated(ILogger logger, int slots, TimeSpan wait);
}
