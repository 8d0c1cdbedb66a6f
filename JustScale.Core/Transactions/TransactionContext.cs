namespace JustScale.Core;

/// <summary>Holds the stores taking part in one unit of work, shared by its outermost and inner levels.</summary>
/// <remarks>
/// A store enlists when a repository first writes or reads inside the transaction (<see cref="Enlist{TParticipant}"/> or
/// <see cref="EnlistAsync{TParticipant}"/>, keyed by the store instance), and gets the same part on every later call.
/// The outermost commit commits the parts in the order they enlisted: with one store (the usual case) that is atomic;
/// across two stores it is not (no two-phase commit), and a failure of the second leaves the first committed.
/// </remarks>
public sealed class TransactionContext
{
    private readonly Lock _sync = new();
    private readonly List<(object Store, Task<ITransactionParticipant> Part)> _parts = [];
    private readonly List<Func<Task>> _committed = [];
    private State _state;

    internal TransactionContext()
    {
    }

    private enum State
    {
        Active,
        Doomed,
        Ending,
        Ended,
    }

    /// <summary>Gets whether statements may still run in the transaction (it has not begun to commit or roll back).</summary>
    public bool IsActive
    {
        get
        {
            lock (_sync)
            {
                return _state is State.Active or State.Doomed;
            }
        }
    }

    /// <summary>Returns the store's part, beginning it with <paramref name="begin"/> on the store's first call.</summary>
    /// <exception cref="InvalidOperationException">The transaction has ended (work that outlived it).</exception>
    public TParticipant Enlist<TParticipant>(object store, Func<TParticipant> begin) where TParticipant : class, ITransactionParticipant
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(begin);
        lock (_sync)
        {
            ThrowIfEnded();
            if (Find(store) is { } existing)
            {
                return (TParticipant)existing.Result;
            }

            var part = begin();
            _parts.Add((store, Task.FromResult<ITransactionParticipant>(part)));
            return part;
        }
    }

    /// <summary>Returns the store's part, beginning it with <paramref name="begin"/> (open a connection, begin) on the store's first call.</summary>
    /// <remarks>Concurrent first calls share one begin. When the begin fails, every later call sees the same failure and the
    /// commit refuses.</remarks>
    /// <exception cref="InvalidOperationException">The transaction has ended (work that outlived it).</exception>
    public async ValueTask<TParticipant> EnlistAsync<TParticipant>(
        object store, Func<CancellationToken, Task<TParticipant>> begin, CancellationToken cancellationToken = default)
        where TParticipant : class, ITransactionParticipant
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(begin);
        Task<ITransactionParticipant> part;
        lock (_sync)
        {
            ThrowIfEnded();
            if (Find(store) is not { } existing)
            {
                existing = Begin(begin, cancellationToken);
                _parts.Add((store, existing));
            }

            part = existing;
        }

        return (TParticipant)await part.ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="callback"/> once the transaction has committed (in the order added, outside any transaction); never if it rolls back.</summary>
    /// <remarks>For effects that must follow only committed writes: events, notifications, cache updates. The commit stands
    /// whatever a callback does: its exception is ignored, so a callback handles its own errors.</remarks>
    /// <exception cref="InvalidOperationException">The transaction has ended.</exception>
    public void OnCommitted(Func<Task> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_sync)
        {
            ThrowIfEnded();
            _committed.Add(callback);
        }
    }

    /// <summary>Marks the transaction for rollback: an inner level ended without committing.</summary>
    internal void Doom()
    {
        lock (_sync)
        {
            if (_state == State.Active)
            {
                _state = State.Doomed;
            }
        }
    }

    /// <summary>Commits every part in enlistment order; on any failure rolls back what is left and rethrows.</summary>
    internal async Task CommitAsync(CancellationToken cancellationToken)
    {
        List<Task<ITransactionParticipant>> parts;
        bool doomed;
        lock (_sync)
        {
            ThrowIfEnded();
            doomed = _state == State.Doomed;
            _state = State.Ending;
            parts = [.. _parts.Select(p => p.Part)];
        }

        try
        {
            if (doomed)
            {
                throw new TransactionAbortedException("An inner transaction ended without committing, so the whole transaction was rolled back.");
            }

            if (parts.FirstOrDefault(p => !p.IsCompletedSuccessfully) is { } failed)
            {
                throw new TransactionAbortedException(
                    "A store could not begin its part of the transaction, so the whole transaction was rolled back.", failed.Exception?.InnerException);
            }

            for (var i = 0; i < parts.Count; i++)
            {
                await parts[i].Result.CommitAsync(cancellationToken).ConfigureAwait(false);
                parts[i] = Task.FromResult<ITransactionParticipant>(Committed.Instance);
            }
        }
        catch
        {
            await RollBackAsync(parts).ConfigureAwait(false);
            throw;
        }
        finally
        {
            End();
        }

        await RunCommittedCallbacksAsync().ConfigureAwait(false);
    }

    /// <summary>Rolls every part back (the outermost level was disposed without committing).</summary>
    internal async Task RollbackAsync()
    {
        List<Task<ITransactionParticipant>> parts;
        lock (_sync)
        {
            if (_state is State.Ending or State.Ended)
            {
                return;
            }

            _state = State.Ending;
            parts = [.. _parts.Select(p => p.Part)];
        }

        try
        {
            await RollBackAsync(parts).ConfigureAwait(false);
        }
        finally
        {
            End();
        }
    }

    private static async Task RollBackAsync(List<Task<ITransactionParticipant>> parts)
    {
        // Later parts first, so a store's undo never runs before the undo of work that followed it.
        for (var i = parts.Count - 1; i >= 0; i--)
        {
            try
            {
                var part = await parts[i].ConfigureAwait(false);
                await part.RollbackAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A part that never began, or failed to begin, has nothing to roll back.
            }
        }
    }

    private async Task RunCommittedCallbacksAsync()
    {
        UnitOfWork.Suspend(); // in this async flow only: what the callbacks call runs on its own, not in the ended transaction
        foreach (var callback in _committed)
        {
            try
            {
                await callback().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The commit stands; a callback handles its own errors (see OnCommitted).
            }
        }

        _committed.Clear();
    }

    private static async Task<ITransactionParticipant> Begin<TParticipant>(Func<CancellationToken, Task<TParticipant>> begin, CancellationToken cancellationToken)
        where TParticipant : class, ITransactionParticipant =>
        await begin(cancellationToken).ConfigureAwait(false);

    private Task<ITransactionParticipant>? Find(object store) => _parts.Find(p => ReferenceEquals(p.Store, store)).Part;

    private void ThrowIfEnded()
    {
        if (_state is State.Ending or State.Ended)
        {
            throw new InvalidOperationException("The transaction has ended: a repository was called from work that outlived its unit of work.");
        }
    }

    private void End()
    {
        lock (_sync)
        {
            _state = State.Ended;
        }
    }

    /// <summary>Stands in for a part already committed, so a later failure does not roll it back twice.</summary>
    private sealed class Committed : ITransactionParticipant
    {
        public static readonly Committed Instance = new();

        public Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RollbackAsync() => Task.CompletedTask;
    }
}
