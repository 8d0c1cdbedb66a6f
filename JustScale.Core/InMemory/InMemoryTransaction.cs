namespace JustScale.Core;

/// <summary>Implements the in-memory store's part of a unit of work: an undo journal of every row a write replaced or removed.</summary>
/// <remarks>
/// Writes are applied when made, so reads inside the transaction see them, and so do other callers (the store does not
/// isolate transactions: read uncommitted). A rollback puts every journaled row back, newest first, under the store's lock;
/// a commit forgets the journal. Unique and reference checks run at each write, so a commit cannot fail.
/// </remarks>
internal sealed class InMemoryTransaction(InMemoryStore store) : ITransactionParticipant
{
    private readonly List<(IInMemoryTable Table, Guid Id, object? Previous)> _journal = [];

    /// <summary>Records a row's state before a write; called under the store's lock.</summary>
    public void Record(IInMemoryTable table, Guid id, object? previous) => _journal.Add((table, id, previous));

    public Task CommitAsync(CancellationToken cancellationToken)
    {
        lock (store.Sync)
        {
            _journal.Clear();
        }

        return Task.CompletedTask;
    }

    public Task RollbackAsync()
    {
        lock (store.Sync)
        {
            for (var i = _journal.Count - 1; i >= 0; i--)
            {
                var (table, id, previous) = _journal[i];
                table.Restore(id, previous);
            }

            _journal.Clear();
        }

        return Task.CompletedTask;
    }
}
