using System.Data;
using JustScale.Core;
using Npgsql;

namespace JustScale.Postgres;

/// <content>Transactions and the connections repositories borrow.</content>
public sealed partial class PostgresClient
{
    /// <summary>Runs work in a transaction that the client's repositories take part in; commits when it returns, rolls back when it throws.</summary>
    /// <remarks>Called inside another transaction of the same client, or inside a unit of work (<see cref="IUnitOfWork"/>),
    /// it runs in a savepoint of it: an exception rolls back only the inner work (and is rethrown).</remarks>
    /// <example><code>
    /// await client.TransactionAsync(async tx =>
    /// {
    ///     await users.InsertAsync(user);
    ///     await sessions.InsertAsync(session);   // both or neither
    /// });
    /// </code></example>
    public Task TransactionAsync(Func<PgTransaction, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return TransactionAsync(async tx =>
        {
            await work(tx).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>Runs work in a transaction and returns its result; commits when it returns, rolls back when it throws.</summary>
    public async Task<TResult> TransactionAsync<TResult>(Func<PgTransaction, Task<TResult>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var outer = PgTransaction.Current;
        if (outer is { IsCompleted: false } && outer.Client == this)
        {
            return await SavepointAsync(outer, work, cancellationToken).ConfigureAwait(false);
        }

        if (await EnlistedAsync(cancellationToken).ConfigureAwait(false) is { } enlisted)
        {
            return await SavepointAsync(enlisted, work, cancellationToken).ConfigureAwait(false);
        }

        var scope = await BeginAsync(cancellationToken).ConfigureAwait(false);
        PgTransaction.Current = scope;
        try
        {
            var result = await work(scope).ConfigureAwait(false);
            await scope.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await scope.LentTransaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (PgErrors.Translate(ex, null, this) is { } translated)
            {
                throw translated;
            }

            return result;
        }
        catch
        {
            await RollBackQuietlyAsync(scope).ConfigureAwait(false);
            throw;
        }
        finally
        {
            PgTransaction.Current = outer;
            await EndAsync(scope).ConfigureAwait(false);
        }
    }

    /// <summary>Returns this client's transaction in the ambient unit of work (begun now when no repository has used it yet) or
    /// in the ambient <see cref="TransactionAsync(Func{PgTransaction, Task}, CancellationToken)"/>, so other data access joins it.</summary>
    /// <remarks>
    /// For EF Core in the same transaction: <c>db.Database.SetDbConnection(tx.Connection)</c>, then
    /// <c>await db.Database.UseTransactionAsync(tx.Transaction)</c>; the unit of work's commit then commits both, and a
    /// rollback (an exception, a dispose without commit) loses both (docs/postgres.md).
    /// </remarks>
    /// <exception cref="InvalidOperationException">No unit of work or transaction is ambient.</exception>
    public async Task<PgTransaction> CurrentTransactionAsync(CancellationToken cancellationToken = default)
    {
        if (PgTransaction.Current is { IsCompleted: false } explicitOne && explicitOne.Client == this)
        {
            return explicitOne;
        }

        return await EnlistedAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException(
                "No transaction is ambient: call CurrentTransactionAsync inside a unit of work (await using var tx = await unitOfWork.BeginAsync()) " +
                "or inside PostgresClient.TransactionAsync(...).");
    }

    /// <summary>Lends a connection for one statement: the ambient transaction's when there is one of this client, else the
    /// ambient unit of work's (begun on this client's first statement in it), else a pooled one.</summary>
    /// <remarks>Outside any transaction, with an idle connection in the pool (the usual case), it completes without an async frame.</remarks>
    internal ValueTask<PgLease> LeaseAsync(CancellationToken cancellationToken)
    {
        if (PgTransaction.Current is null && UnitOfWork.Current is null)
        {
            var open = Pool.OpenConnectionAsync(cancellationToken);
            if (open.IsCompletedSuccessfully)
            {
                OnAvailable();
                return new ValueTask<PgLease>(new PgLease(open.Result, null));
            }

            return PooledAsync(open);
        }

        return AmbientAsync(cancellationToken);

        async ValueTask<PgLease> PooledAsync(ValueTask<NpgsqlConnection> open)
        {
            var connection = await open.ConfigureAwait(false);
            OnAvailable(); // a connection opened: an outage, if there was one, is over
            return new PgLease(connection, null);
        }
    }

    private async ValueTask<PgLease> AmbientAsync(CancellationToken cancellationToken)
    {
        var ambient = PgTransaction.Current is { } explicitOne && explicitOne.Client == this
            ? explicitOne
            : await EnlistedAsync(cancellationToken).ConfigureAwait(false);
        if (ambient is not null)
        {
            if (ambient.IsCompleted)
            {
                throw new InvalidOperationException("The transaction has ended: a repository was called from work that outlived its TransactionAsync callback.");
            }

            await ambient.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (ambient.LentConnection.FullState.HasFlag(ConnectionState.Broken) || ambient.LentConnection.State == ConnectionState.Closed)
            {
                ambient.Gate.Release();
                throw new DatabaseUnavailableException();
            }

            return new PgLease(ambient.LentConnection, ambient);
        }

        return new PgLease(await Pool.OpenConnectionAsync(cancellationToken).ConfigureAwait(false), null);
    }

    private static async Task<TResult> SavepointAsync<TResult>(PgTransaction outer, Func<PgTransaction, Task<TResult>> work, CancellationToken cancellationToken)
    {
        var name = outer.NextSavepoint();
        await RunLockedAsync(outer, () => outer.LentTransaction.SaveAsync(name, cancellationToken), cancellationToken).ConfigureAwait(false);
        TResult result;
        try
        {
            result = await work(outer).ConfigureAwait(false);
        }
        catch
        {
            if (!outer.LentConnection.FullState.HasFlag(ConnectionState.Broken))
            {
                await RunLockedAsync(outer, () => outer.LentTransaction.RollbackAsync(name, CancellationToken.None), CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }

        await RunLockedAsync(outer, () => outer.LentTransaction.ReleaseAsync(name, cancellationToken), cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static async Task RunLockedAsync(PgTransaction transaction, Func<Task> action, CancellationToken cancellationToken)
    {
        await transaction.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (PgErrors.Translate(ex, null, transaction.Client) is { } translated)
        {
            throw translated;
        }
        finally
        {
            transaction.Gate.Release();
        }
    }

    /// <summary>Returns this client's transaction in the ambient unit of work, beginning it on the first call; null outside one.</summary>
    private ValueTask<PgTransaction?> EnlistedAsync(CancellationToken cancellationToken)
    {
        return UnitOfWork.Current is { } context ? EnlistAsync(context, cancellationToken) : ValueTask.FromResult<PgTransaction?>(null);

        async ValueTask<PgTransaction?> EnlistAsync(TransactionContext context, CancellationToken cancellationToken) =>
            (await context.EnlistAsync(this, BeginEnlistmentAsync, cancellationToken).ConfigureAwait(false)).Transaction;
    }

    private async Task<PgEnlistment> BeginEnlistmentAsync(CancellationToken cancellationToken) =>
        new(await BeginAsync(cancellationToken).ConfigureAwait(false));

    // Opens a connection and begins a read-committed transaction on it; database errors leave translated.
    private async Task<PgTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await Pool.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
                return new PgTransaction(this, connection, transaction);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch (Exception ex) when (PgErrors.Translate(ex, null, this) is { } translated)
        {
            throw translated;
        }
    }

    // What Npgsql sends before reusing a pooled connection whose prepared statements it keeps (No Reset On Close=false).
    private const string SessionReset =
        "SET SESSION AUTHORIZATION DEFAULT; RESET ALL; CLOSE ALL; UNLISTEN *; SELECT pg_advisory_unlock_all(); DISCARD SEQUENCES; DISCARD TEMP";

    /// <summary>Ends a committed or rolled back transaction: disposes it and returns its connection to the pool. When code outside
    /// JustScale had the connection and the pool skips Npgsql's reset, it resets the session first, as Npgsql would; a connection
    /// that cannot be reset is not reused.</summary>
    internal async ValueTask EndAsync(PgTransaction transaction)
    {
        transaction.Complete();
        await transaction.LentTransaction.DisposeAsync().ConfigureAwait(false);
        var connection = transaction.LentConnection;
        if (transaction.Exposed && _resetSkipped && connection.FullState == ConnectionState.Open)
        {
            try
            {
                var reset = new NpgsqlCommand(SessionReset, connection);
                await using (reset.ConfigureAwait(false))
                {
                    await reset.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                NpgsqlConnection.ClearPool(connection); // closed when returned, with the pool's idle connections
            }
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Rolls a transaction back, ignoring a connection that is already gone (PostgreSQL then rolls back on its own).</summary>
    internal static async Task RollBackQuietlyAsync(PgTransaction scope)
    {
        try
        {
            if (!scope.LentConnection.FullState.HasFlag(ConnectionState.Broken))
            {
                await scope.LentTransaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or IOException)
        {
            // The rollback failed because the connection is gone: PostgreSQL rolls back on its own.
        }
    }
}
