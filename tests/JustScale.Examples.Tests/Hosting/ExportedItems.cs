using System.Collections;

namespace JustScale.Examples.Tests.Hosting;

/// <summary>Collects what an OpenTelemetry in-memory exporter exports, safe to add to from request threads while a test reads a snapshot.</summary>
/// <remarks>JustScale's meter and activity sources are process-wide: spans from fixtures running in parallel end on their own threads.</remarks>
internal sealed class ExportedItems<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    /// <summary>Gets the number of items exported so far.</summary>
    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Gets false: exporters add items.</summary>
    public bool IsReadOnly => false;

    /// <summary>Returns a copy of the items exported so far.</summary>
    public IReadOnlyList<T> Snapshot()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }

    /// <summary>Adds an exported item.</summary>
    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }

    /// <summary>Removes every item.</summary>
    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    /// <summary>Returns whether the item was exported.</summary>
    public bool Contains(T item) => Snapshot().Contains(item);

    /// <summary>Copies the items exported so far into an array.</summary>
    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_items)
        {
            _items.CopyTo(array, arrayIndex);
        }
    }

    /// <summary>Removes an item.</summary>
    public bool Remove(T item)
    {
        lock (_items)
        {
            return _items.Remove(item);
        }
    }

    /// <summary>Enumerates a snapshot.</summary>
    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
