namespace JustScale.Core;

/// <content>Unit-of-work support: writes inside a transaction are applied at once and journaled, so a rollback can undo them.</content>
public sealed partial class InMemoryStore
{
    /// <summary>Records the row a write is about to replace or remove (null: it inserts), when a unit of work is ambient.</summary>
    /// <remarks>Called under <see cref="Sync"/> after the write's checks passed, just before it changes the table.</remarks>
    internal void Journal(IInMemoryTable table, Guid id, object? previous)
    {
        if (UnitOfWork.Current is { } context)
        {
            context.Enlist(this, () => new InMemoryTransaction(this)).Record(table, id, previous);
        }
    }
}
