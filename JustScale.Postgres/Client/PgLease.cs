using Npgsql;

namespace JustScale.Postgres;

/// <summary>Lends a connection for one statement: the ambient transaction's (serialised by its gate) or a pooled one.</summary>
internal readonly struct PgLease : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly PgTransaction? _transaction;

    public PgLease(NpgsqlConnection connection, PgTransaction? transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>Gets whether the connection is the ambient transaction's (then a failed statement is never retried).</summary>
    public bool InTransaction => _transaction is not null;

    /// <summary>Creates a command on the lent connection, enlisted in the transaction when there is one.</summary>
    public NpgsqlCommand CreateCommand(string sql) => new(sql, _connection, _transaction?.LentTransaction);

    /// <summary>Creates a batch on the lent connection, enlisted in the transaction when there is one.</summary>
    public NpgsqlBatch CreateBatch() => new(_connection, _transaction?.LentTransaction);

    /// <summary>Returns the connection to the pool, or releases the transaction's gate.</summary>
    public ValueTask DisposeAsync()
    {
        if (_transaction is null)
        {
            return _connection.DisposeAsync();
        }

        _transaction.Gate.Release();
        return ValueTask.CompletedTask;
    }
}
