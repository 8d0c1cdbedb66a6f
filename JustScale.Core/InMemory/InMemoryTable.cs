namespace JustScale.Core;

/// <summary>Keeps the rows of one model with its unique indexes; every member runs under the store's lock.</summary>
internal sealed class InMemoryTable<T> : IInMemoryTable where T : Entity, new()
{
    private readonly InMemoryStore _store;
    private readonly Dictionary<Guid, T> _rows = [];
    private readonly (Field<T>[] Fields, string Name, Dictionary<object, Guid> Index)[] _unique;
    private readonly Field<T>[] _references;

    public InMemoryTable(InMemoryStore store, Model<T> model)
    {
        _store = store;
        Model = model;
        _unique =
        [
            .. model.Fields.Where(f => f.IsUnique).Select(f => (new[] { f }, f.Name, new Dictionary<object, Guid>(StoredValueComparer.Instance))),
            .. model.Indexes.Where(i => i.IsUnique).Select(i => (i.Fields.ToArray(), i.ToString(), new Dictionary<object, Guid>(StoredValueComparer.Instance))),
        ];
        _references = [.. model.Fields.Where(f => f.Kind == FieldKind.Reference)];
    }

    public Model<T> Model { get; }

    public IEnumerable<T> Rows => _rows.Values;

    public bool Contains(Guid id) => _rows.ContainsKey(id);

    public T? Get(Guid id) => _rows.GetValueOrDefault(id);

    /// <summary>Stores a copy of the entity, replacing the row with the same id when <paramref name="replace"/>.</summary>
    public void Write(T entity, bool replace)
    {
        var existing = _rows.GetValueOrDefault(entity.Id);
        if (existing is not null && !replace)
        {
            throw new UniqueConstraintException(Model.Name, nameof(Entity.Id));
        }

        foreach (var (fields, name, index) in _unique)
        {
            if (KeyOf(fields, entity) is { } key && index.TryGetValue(key, out var owner) && owner != entity.Id)
            {
                throw new UniqueConstraintException(Model.Name, name);
            }
        }

        foreach (var field in _references)
        {
            var target = _store.TableOf(field.ReferencedType!);
            if (target is not null && field.GetValue(entity) is Guid id && !target.Contains(id))
            {
                throw new ReferenceConstraintException(Model.Name, field.Name);
            }
        }

        if (existing is not null)
        {
            RemoveFromIndexes(existing);
        }

        var copy = Model.Clone(entity);
        _store.Journal(this, copy.Id, existing);
        _rows[copy.Id] = copy;
        AddToIndexes(copy);
    }

    public void Delete(IReadOnlyCollection<Guid> ids)
    {
        foreach (var id in ids)
        {
            if (_rows.TryGetValue(id, out var row))
            {
                _store.Journal(this, id, row);
                _rows.Remove(id);
                RemoveFromIndexes(row);
            }
        }

        _store.CascadeDelete(typeof(T), ids);
    }

    public void DeleteReferencing(Type deletedType, IReadOnlyCollection<Guid> deletedIds)
    {
        foreach (var field in _references.Where(f => f.ReferencedType == deletedType))
        {
            var doomed = _rows.Values
                .Where(row => field.GetValue(row) is Guid id && deletedIds.Contains(id))
                .Select(row => row.Id)
                .ToList();
            Delete(doomed);
        }
    }

    public void Restore(Guid id, object? previous)
    {
        if (_rows.Remove(id, out var current))
        {
            RemoveFromIndexes(current);
        }

        if (previous is T row)
        {
            _rows[id] = row;
            AddToIndexes(row);
        }
    }

    private void AddToIndexes(T row)
    {
        foreach (var (fields, _, index) in _unique)
        {
            if (KeyOf(fields, row) is { } key)
            {
                index[key] = row.Id;
            }
        }
    }

    private void RemoveFromIndexes(T row)
    {
        foreach (var (fields, _, index) in _unique)
        {
            if (KeyOf(fields, row) is { } key)
            {
                index.Remove(key);
            }
        }
    }

    /// <summary>Returns a row's key in a unique index, or null when a field is null (as in PostgreSQL, nulls never clash).</summary>
    private static object? KeyOf(Field<T>[] fields, T row)
    {
        if (fields.Length == 1)
        {
            return fields[0].GetValue(row);
        }

        var values = new object[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i].GetValue(row) is not { } value)
            {
                return null;
            }

            values[i] = value;
        }

        return values;
    }
}
