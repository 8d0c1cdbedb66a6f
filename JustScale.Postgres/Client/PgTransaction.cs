using Npgsql;

namespace JustScale.Postgres;

/// <summary>Represents the transaction of a <see cref="PostgresClient.TransactionAsync(Func{PgTransaction, Task}, CancellationToken)"/> call.</summary>
/// <remarks>
/// Repositories of the same client called inside the callback (on its async flow) take part automatically; their
/// statements run one at a time on the transaction's connection, even when started concurrently. A statement that
/// fails aborts the whole transaction in PostgreSQL: let the exception leave the callback, which rolls back.
/// </remarks>
public sealed class PgTransaction
{
    private static readonly AsyncLocal<PgTransaction?> Ambient = new();
    private int _savepoints;
    private volatile bool _exposed;

    internal PgTransaction(PostgresClient client, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        Client = client;
        LentConnection = connection;
        LentTransaction = transaction;
    }

    /// <summary>Gets whether the transaction has ended (committed or rolled back).</summary>
    public bool IsCompleted { get; private set; }

    internal static PgTransaction? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    internal PostgresClient Client { get; }

    /// <summary>Gets the connection the transaction runs on, to share it with other data access (EF Core's <c>SetDbConnection</c>).</summary>
    /// <remarks>Owned by JustScale: do not open, close or dispose it, and use it only while the transaction is open. One
    /// connection runs one statement at a time: call it between repository calls, never concurrently with one.</remarks>
    public NpgsqlConnection Connection => Exposing(LentConnection);

    /// <summary>Gets the Npgsql transaction, to share it with other data access (EF Core's <c>UseTransactionAsync</c>).</summary>
    /// <remarks>Owned by JustScale: do not commit, roll back or dispose it; the unit of work (or <see cref="PostgresClient.TransactionAsync(Func{PgTransaction, Task}, CancellationToken)"/>)
    /// ends it, so what others wrote through it commits or rolls back with the repositories' writes.</remarks>
    public NpgsqlTransaction Transaction => Exposing(LentTransaction);

    /// <summary>Gets the connection, for JustScale's own statements (which leave no session state behind).</summary>
    internal NpgsqlConnection LentConnection { get; }

    /// <summary>Gets the Npgsql transaction, for JustScale's own statements.</summary>
    internal NpgsqlTransaction LentTransaction { get; }

    /// <summary>Gets whether code outside JustScale was given the connection (<see cref="Connection"/>, <see cref="Transaction"/>,
    /// <see cref="CreateCommand"/>): it may have left session state that must not reach the connection's next user.</summary>
    internal bool Exposed => _exposed;

    internal SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Creates a command that runs in this transaction, for SQL the repositories do not cover.</summary>
    /// <remarks>Do not run it while a repository call of the same transaction is in flight: one connection runs one statement at a time.</remarks>
    public NpgsqlCommand CreateCommand(string sql)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        ObjectDisposedException.ThrowIf(IsCompleted, this);
        return new NpgsqlCommand(sql, Exposing(LentConnection), LentTransaction);
    }

    internal void Complete()
    {
        IsCompleted = true;
        Gate.Dispose();
    }

    // Marks the connection as given to code outside JustScale, which may leave session state on it (see Exposed).
    private T Exposing<T>(T value)
    {
        _exposed = true;
        return value;
    }

    internal string NextSavepoint() => $"js_sp_{Interlocked.Increment(ref _savepoints)}";
}
