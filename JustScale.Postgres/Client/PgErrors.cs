using System.Net.Sockets;
using JustScale.Core;
using Npgsql;

namespace JustScale.Postgres;

/// <summary>Translates Npgsql and PostgreSQL errors into JustScale exceptions, so none leaves the package raw.</summary>
internal static class PgErrors
{
    /// <summary>Returns the exception to throw instead of <paramref name="error"/>, or null to let it through unchanged.</summary>
    /// <param name="error">The exception caught.</param>
    /// <param name="model">The model the statement wrote or read, for constraint names; null outside a repository.</param>
    /// <param name="client">The client, whose pool is cleared when the server is unavailable.</param>
    public static Exception? Translate(Exception error, PgModel? model, PostgresClient client)
    {
        switch (error)
        {
            case JustScaleException or OperationCanceledException or ArgumentException:
                return null;
            case PostgresException pg:
                return FromPostgres(pg, model, client);
            case NpgsqlException or SocketException or IOException or TimeoutException:
                // Npgsql raises NpgsqlException itself only for connection-level failures: refused, reset, timed out, pool exhausted.
                return Unavailable(error, client);
            default:
                return null;
        }
    }

    /// <summary>Tells whether a failure came from a pooled connection the server had already closed, so one retry on a fresh connection is safe.</summary>
    /// <remarks>57P01 (the server's "terminating connection" notice, read on the next use of an idle connection after a
    /// restart) means the statement did not commit; other connection failures are retried only for reads. A timeout is
    /// never retried: the server stopped answering, it did not close the connection, and a retry would only add another
    /// connect timeout before the caller hears that the database is unavailable.</remarks>
    public static bool IsStaleConnection(Exception error, bool readOnly) => error switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.AdminShutdown,
        NpgsqlException { InnerException: TimeoutException } => false,
        NpgsqlException or SocketException or IOException => readOnly,
        _ => false,
    };

    /// <summary>Tells whether a PostgreSQL error means the server cannot serve right now.</summary>
    public static bool IsUnavailable(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)          // connection exceptions
        || sqlState is PostgresErrorCodes.AdminShutdown               // 57P01
            or PostgresErrorCodes.CrashShutdown                       // 57P02
            or PostgresErrorCodes.CannotConnectNow                    // 57P03
            or PostgresErrorCodes.QueryCanceled                       // 57014 (statement_timeout; caller cancellation is an OperationCanceledException)
            or PostgresErrorCodes.TooManyConnections                  // 53300
            or PostgresErrorCodes.InsufficientResources               // 53000
            or PostgresErrorCodes.OutOfMemory                         // 53200
            or PostgresErrorCodes.DiskFull                            // 53100
            or PostgresErrorCodes.ReadOnlySqlTransaction              // 25006 (a standby after failover)
            or "57P05";                                               // idle_session_timeout

    private static Exception FromPostgres(PostgresException pg, PgModel? model, PostgresClient client)
    {
        var modelName = model?.ModelName ?? "row";
        switch (pg.SqlState)
        {
            case PostgresErrorCodes.UniqueViolation:
                return new UniqueConstraintException(modelName, model?.FieldOfConstraint(pg.ConstraintName) ?? pg.ConstraintName ?? "value", pg);
            case PostgresErrorCodes.ForeignKeyViolation:
                return new ReferenceConstraintException(modelName, model?.FieldOfConstraint(pg.ConstraintName) ?? pg.ConstraintName ?? "reference", pg);
            case PostgresErrorCodes.StringDataRightTruncation:
                return WithInner(new FieldValidationException(modelName, pg.ColumnName ?? "value", "is too long for its column."), pg);
            case PostgresErrorCodes.NotNullViolation:
                return WithInner(new FieldValidationException(modelName, pg.ColumnName ?? "value", "is required."), pg);
            case PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter:
                return WithInner(new FieldValidationException(modelName, "value", "contains characters PostgreSQL cannot store."), pg);
            case PostgresErrorCodes.InFailedSqlTransaction:
                return new JustScaleException(
                    "The transaction was aborted by an earlier error; let TransactionAsync roll it back and start a new one.", innerException: pg);
            case PostgresErrorCodes.InvalidSqlStatementName or PostgresErrorCodes.DuplicatePreparedStatement:
                // A transaction-mode pooler moved a prepared statement's session away; preparation is off from now on, a retry works.
                client.OnLostPreparedStatement(pg);
                return new DatabaseUnavailableException(pg);
            case PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected:
                return new JustScaleException($"The transaction conflicted with another one ({pg.SqlState}); retry it.", 409, "conflict", pg);
            case PostgresErrorCodes.UndefinedTable:
                return new JustScaleException(
                    $"PostgreSQL error {pg.SqlState}: {pg.MessageText}. Create the schema: PostgresClientOptions.EnsureSchemaOnStart = true, " +
                    "client.EnsureSchemaAsync(), or client.GetSchemaSql() in your migrations.", innerException: pg);
            case var state when IsUnavailable(state):
                return Unavailable(pg, client);
            default:
                // MessageText never contains row values (Detail may, so it is left out).
                return new JustScaleException($"PostgreSQL error {pg.SqlState}: {pg.MessageText}", innerException: pg);
        }
    }

    private static DatabaseUnavailableException Unavailable(Exception error, PostgresClient client)
    {
        client.OnUnavailable(error);
        return new DatabaseUnavailableException(error);
    }

    private static FieldValidationException WithInner(FieldValidationException exception, PostgresException pg)
    {
        exception.Data["SqlState"] = pg.SqlState;
        return exception;
    }
}
