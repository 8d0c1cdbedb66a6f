namespace JustScale.Core;

/// <summary>Implements one level of a unit of work: the outermost commits or rolls back the context, inner ones join it.</summary>
internal sealed class UnitOfWorkTransaction(TransactionContext context, UnitOfWorkTransaction? parent, bool isOutermost) : ITransaction
{
    private readonly UnitOfWorkTransaction? _parent = parent;
    private bool _committed;
    private bool _disposed;

    public TransactionContext Context { get; } = context;

    public bool IsOutermost { get; } = isOutermost;

    public Task CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            throw new InvalidOperationException("This transaction has already been committed.");
        }

        _committed = true;
        return IsOutermost ? Context.CommitAsync(cancellationToken)
            : Context.IsActive ? Task.CompletedTask
            : throw new InvalidOperationException("The outer transaction has already ended.");
    }

    // Not async: leaving restores the parent in the caller's flow, which an async method would undo on return.
    public ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return ValueTask.CompletedTask;
        }

        _disposed = true;
        UnitOfWork.Leave(this, _parent);
        if (_committed)
        {
            return ValueTask.CompletedTask;
        }

        if (IsOutermost)
        {
            return new ValueTask(Context.RollbackAsync());
        }

        Context.Doom();
        return ValueTask.CompletedTask;
    }
}
