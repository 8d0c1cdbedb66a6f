using System.Runtime.InteropServices;

namespace JustScale.Core;

/// <summary>Holds the tables of the embedded in-memory store, shared by every <see cref="InMemoryRepository{T}"/> of a cluster.</summary>
/// <remarks>
/// One lock guards all tables, so unique and reference checks, and cascading deletes, are atomic.
/// Data lives as long as the store: it is lost when the process stops.
/// </remarks>
public sealed partial class InMemoryStore
{
    private readonly Dictionary<Type, IInMemoryTable> _tables = [];

    internal Lock Sync { get; } = new();

    internal InMemoryTable<T> Table<T>(Model<T> model) where T : Entity, new()
    {
        lock (Sync)
        {
            return (InMemoryTable<T>)(CollectionsMarshal.GetValueRefOrAddDefault(_tables, typeof(T), out _) ??= new InMemoryTable<T>(this, model));
        }
    }

    internal IInMemoryTable? TableOf(Type entityType) => _tables.GetValueOrDefault(entityType);

    /// <summary>Deletes, in every table, the rows whose reference points to a deleted entity (ON DELETE CASCADE).</summary>
    internal void CascadeDelete(Type deletedType, IReadOnlyCollection<Guid> deletedIds)
    {
        if (deletedIds.Count == 0)
        {
            return;
        }

        foreach (var table in _tables.Values)
        {
            table.DeleteReferencing(deletedType, deletedIds);
        }
    }
}
