using Microsoft.Extensions.Logging;
using Npgsql;

namespace JustScale.Postgres;

/// <content>A connection pooler in front of PostgreSQL: detected at start, recovered from when a prepared statement goes missing.</content>
public sealed partial class PostgresClient
{
    private const string PrepareProbe = "SELECT 1 AS justscale_prepare_probe";
    private readonly List<NpgsqlDataSource> _retired = [];
    private int _autoPrepareOff;

    /// <summary>Gets whether the start found a connection pooler between this client and PostgreSQL (the backend's process id
    /// differs from the one the connection was given), or null before the start looked.</summary>
    internal bool? BehindPooler { get; private set; }

    /// <summary>Tells whether a failure means a prepared statement this connection had is missing on the server, or was already there
    /// (SQLSTATE 26000 or 42P05): a transaction-mode pooler gave the statement another server connection. The statement did not run.</summary>
    internal static bool IsLostPreparedStatement(Exception error) =>
        error is PostgresException { SqlState: PostgresErrorCodes.InvalidSqlStatementName or PostgresErrorCodes.DuplicatePreparedStatement };

    /// <summary>Turns automatic preparation off after a prepared statement went missing (one warning); the caller retries the statement once.</summary>
    internal void OnLostPreparedStatement(Exception error)
    {
        if (SwitchAutoPrepareOff())
        {
            LogAutoPrepareOffAfterError(_logger, (error as PostgresException)?.SqlState ?? "-");
        }
    }

    /// <summary>Finds out at start whether a pooler sits in front of PostgreSQL and whether it keeps prepared statements; when it does
    /// not (PgBouncer before 1.21 in transaction mode, or without max_prepared_statements), turns automatic preparation off.</summary>
    /// <remarks>Direct: the process id of the backend equals the one in the connection's startup reply (PgBouncer invents its own).
    /// Behind a pooler, one statement is prepared inside a transaction (which pins a server connection) and looked up in
    /// pg_prepared_statements: a pooler that keeps prepared statements across transactions renames it (PgBouncer 1.21+:
    /// <c>PGBOUNCER_n</c>); one that does not passes Npgsql's own name (<c>_pN</c>) through. Skipped when the connection
    /// string sets Max Auto Prepare itself.</remarks>
    private async Task DetectPoolerAsync(CancellationToken cancellationToken)
    {
        var connection = await Pool.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        var backend = new NpgsqlCommand("SELECT pg_backend_pid()", connection, transaction);
        await using (backend.ConfigureAwait(false))
        {
            BehindPooler = (int)(await backend.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! != connection.ProcessID;
        }

        if (BehindPooler != true)
        {
            SwitchResetOff();
            return;
        }

        if (_autoPrepareGiven || Volatile.Read(ref _autoPrepareOff) == 1)
        {
            return;
        }

        var probe = new NpgsqlCommand(PrepareProbe, connection, transaction);
        await using var probeScope = probe.ConfigureAwait(false);
        await probe.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var names = new NpgsqlCommand("SELECT name FROM pg_prepared_statements WHERE statement = $1", connection, transaction);
        await using var namesScope = names.ConfigureAwait(false);
        names.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PrepareProbe });
        var kept = false;
        var reader = await names.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                kept |= !reader.GetString(0).StartsWith("_p", StringComparison.Ordinal);
            }
        }

        // A statement prepared through the protocol outlives the rollback: deallocate it on the server connection it was made on,
        // or the next client PgBouncer gives that connection to finds Npgsql's name taken (42P05).
        await probe.UnprepareAsync(cancellationToken).ConfigureAwait(false);
        await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        if (kept)
        {
            LogPoolerKeepsPrepared(_logger);
        }
        else if (SwitchAutoPrepareOff())
        {
            LogAutoPrepareOffAtStart(_logger);
        }
    }

    /// <summary>Replaces the data source by one that prepares nothing automatically; the old one serves its calls in flight and is disposed with the client.</summary>
    private bool SwitchAutoPrepareOff()
    {
        if (Interlocked.Exchange(ref _autoPrepareOff, 1) == 1)
        {
            return false;
        }

        lock (_sync)
        {
            if (_configuredConnectionString is { } configured)
            {
                _configuredConnectionString = new NpgsqlConnectionStringBuilder(configured) { MaxAutoPrepare = 0 }.ConnectionString;
                Rebuild(ref _dataSource, PoolConnectionString());
                Rebuild(ref _configured, _configuredConnectionString);
            }
        }

        return true;
    }

    /// <summary>Moves JustScale's own statements to a pool without Npgsql's per-use reset, once the start has found the connection
    /// direct; unless the connection string decides (No Reset On Close, Pooling=false). See <see cref="DataSource"/>.</summary>
    private void SwitchResetOff()
    {
        lock (_sync)
        {
            if (_resetSkipped || _configuredConnectionString is not { } configured ||
                PgConnectionString.WithoutReset(configured) == configured)
            {
                return;
            }

            _resetSkipped = true;
            Rebuild(ref _dataSource, PoolConnectionString());
        }
    }

    // The pool's connection string: as configured, without the per-use reset once SwitchResetOff has run.
    private string PoolConnectionString() =>
        _resetSkipped ? PgConnectionString.WithoutReset(_configuredConnectionString!) : _configuredConnectionString!;

    // Replaces a built data source (under _sync); the old one serves its calls in flight and is disposed with the client.
    private void Rebuild(ref NpgsqlDataSource? dataSource, string connectionString)
    {
        if (dataSource is { } old && Volatile.Read(ref _disposed) == 0)
        {
            _retired.Add(old);
            dataSource = Build(connectionString);
            old.Clear(); // idle connections hold prepared statements the next user of their server connection may not have
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL is reached through a connection pooler that does not keep prepared statements across transactions (PgBouncer before 1.21 in transaction mode, or without max_prepared_statements): automatic preparation is off for this client (Max Auto Prepare=0). Set Max Auto Prepare in the connection string to decide yourself.")]
    private static partial void LogAutoPrepareOffAtStart(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL is reached through a connection pooler that keeps prepared statements (PgBouncer 1.21+ with max_prepared_statements): automatic preparation stays on.")]
    private static partial void LogPoolerKeepsPrepared(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A prepared statement went missing on the server (SQLSTATE {SqlState}): a transaction-mode pooler (PgBouncer before 1.21, or without max_prepared_statements) sits in front of PostgreSQL. Automatic preparation is now off for this client (Max Auto Prepare=0); the statement, which did not run, is retried once.")]
    private static partial void LogAutoPrepareOffAfterError(ILogger logger, string sqlState);
}
