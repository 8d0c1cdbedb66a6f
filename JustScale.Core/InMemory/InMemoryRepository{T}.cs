namespace JustScale.Core;

/// <summary>Implements <see cref="IRepository{T}"/> on the embedded <see cref="InMemoryStore"/>: thread-safe, same contract as PostgreSQL.</summary>
/// <typeparam name="T">The entity type.</typeparam>
public sealed class InMemoryRepository<T> : IRepository<T> where T : Entity, IModel<T>, new()
{
    private readonly InMemoryStore _store;
    private readonly InMemoryTable<T> _table;
    private readonly TimeProvider _time;

    /// <summary>Creates a repository over a store; time comes from <paramref name="timeProvider"/>.</summary>
    public InMemoryRepository(InMemoryStore store, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _store = store;
        _time = timeProvider;
        _table = store.Table(T.Model);
    }

    /// <inheritdoc />
    public Model<T> Model => T.Model;

    /// <inheritdoc />
    public Task<T> InsertAsync(T entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var row = Model.PrepareInsert(entity, Timestamps.Now(_time));
        lock (_store.Sync)
        {
            _table.Write(row, replace: false);
        }

        Model.CopyInto(row, entity);
        return Task.FromResult(entity);
    }

    /// <inheritdoc />
    public Task<T?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_store.Sync)
        {
            return Task.FromResult(_table.Get(id) is { } row ? Model.Clone(row) : null);
        }
    }

    /// <inheritdoc />
    public Task<T?> FindOneAsync(Filter<T> filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_store.Sync)
        {
            return Task.FromResult(FirstMatch(filter) is { } row ? Model.Clone(row) : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<T>> FindManyAsync(Filter<T> filter, FindOptions<T>? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        options?.Validate();
        var effective = options?.Keyset is { } keyset ? filter.With(keyset) : filter;
        lock (_store.Sync)
        {
            var rows = Ordered(Matches(effective), options).Skip(options?.Offset ?? 0).Take(options?.Limit ?? int.MaxValue);
            List<T> page = [.. rows.Select(Model.Clone)];
            if (options?.Reversed == true)
            {
                page.Reverse();
            }

            return Task.FromResult<IReadOnlyList<T>>(page);
        }
    }

    /// <inheritdoc />
    public Task<Joined<T, TRef>?> FindOneWithAsync<TRef>(Filter<T> filter, Field<T> reference, CancellationToken cancellationToken = default)
        where TRef : Entity, IModel<TRef>, new()
    {
        ArgumentNullException.ThrowIfNull(filter);
        CheckReference<TRef>(reference);
        lock (_store.Sync)
        {
            var target = _store.Table(TRef.Model);
            var row = FirstMatch(filter);
            var referenced = row is not null && reference.GetValue(row) is Guid id ? target.Get(id) : null;
            return Task.FromResult(row is null || referenced is null
                ? null
                : new Joined<T, TRef>(Model.Clone(row), TRef.Model.Clone(referenced)));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Joined<T, TRef>>> FindManyWithAsync<TRef>(Filter<T> filter, Field<T> reference, CancellationToken cancellationToken = default)
        where TRef : Entity, IModel<TRef>, new()
    {
        ArgumentNullException.ThrowIfNull(filter);
        CheckReference<TRef>(reference);
        lock (_store.Sync)
        {
            var target = _store.Table(TRef.Model);
            return Task.FromResult<IReadOnlyList<Joined<T, TRef>>>([.. Matches(filter)
                .Select(row => (Row: row, Referenced: reference.GetValue(row) is Guid id ? target.Get(id) : null))
                .Where(pair => pair.Referenced is not null)
                .Select(pair => new Joined<T, TRef>(Model.Clone(pair.Row), TRef.Model.Clone(pair.Referenced!)))]);
        }
    }

    /// <inheritdoc />
    public Task<bool> UpdateAsync(T entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var row = Model.PrepareUpdate(entity, Timestamps.Now(_time));
        lock (_store.Sync)
        {
            if (_table.Get(row.Id) is not { } stored)
            {
                return Task.FromResult(false);
            }

            row.CreatedAt = stored.CreatedAt;
            _table.Write(row, replace: true);
        }

        Model.CopyInto(row, entity);
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<T>> IncrementWhereAsync(Filter<T> filter, Field<T, int> field, int amount, Changes<T>? changes = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(field);
        if (field.IsSystem)
        {
            throw new ArgumentException($"{field} is maintained by the repository and cannot be set.", nameof(field));
        }

        lock (_store.Sync)
        {
            var updated = UpdateMatches(filter, changes?.Values ?? [], row => field.SetValue(row, checked((int)field.GetValue(row)! + amount)));
            return Task.FromResult<IReadOnlyList<T>>([.. updated.Select(Model.Clone)]);
        }
    }

    /// <inheritdoc />
    public Task<int> UpdateWhereAsync(Filter<T> filter, Changes<T> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(changes);
        return Task.FromResult(UpdateMatches(filter, changes.Values, null).Count);
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_store.Sync)
        {
            var found = _table.Contains(id);
            if (found)
            {
                _table.Delete([id]);
            }

            return Task.FromResult(found);
        }
    }

    /// <inheritdoc />
    public Task<int> DeleteWhereAsync(Filter<T> filter, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (limit is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must be at least 1.");
        }

        lock (_store.Sync)
        {
            var ids = Matches(filter).Select(r => r.Id);
            var doomed = (limit is { } max ? ids.Take(max) : ids).ToHashSet();
            _table.Delete(doomed);
            return Task.FromResult(doomed.Count);
        }
    }

    /// <inheritdoc />
    public Task<long> CountAsync(Filter<T> filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_store.Sync)
        {
            return Task.FromResult((long)Matches(filter).Count());
        }
    }

    private static void CheckReference<TRef>(Field<T> reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.ReferencedType != typeof(TRef))
        {
            throw new ArgumentException($"{reference} does not reference {typeof(TRef).Name}.", nameof(reference));
        }
    }

    private T? FirstMatch(Filter<T> filter) => Ordered(Matches(filter), null).FirstOrDefault();

    private IEnumerable<T> Matches(Filter<T> filter) =>
        filter.Conditions is [ValueCondition<T, Guid> { Comparison: Comparison.Equal } only] && only.Field == Model.Id
            ? (_table.Get(only.Value) is { } row ? [row] : [])
            : _table.Rows.Where(filter.Matches);

    private IEnumerable<T> Ordered(IEnumerable<T> rows, FindOptions<T>? options)
    {
        IReadOnlyList<Ordering<T>> orderings = options?.EffectiveOrderings() is { Count: > 0 } given ? given : [new Ordering<T>(Model.CreatedAt)];

        var first = orderings[0];
        var ordered = first.Descending
            ? rows.OrderByDescending(first.Field.GetValue, InMemoryFilter.ValueComparer)
            : rows.OrderBy(first.Field.GetValue, InMemoryFilter.ValueComparer);
        return orderings.Skip(1)
            .Aggregate(ordered, (sorted, next) => sorted.CreateOrderedEnumerable(next.Field.GetValue, InMemoryFilter.ValueComparer, next.Descending))
            .ThenBy(r => r.Id);
    }

    // Applies an update (when given) and the changes to a copy of every row matching a filter, stamps the update time, and
    // writes them all or none; returns the rows as written.
    private List<T> UpdateMatches(Filter<T> filter, IReadOnlyList<FieldCondition<T>> changes, Action<T>? update)
    {
        foreach (var change in changes)
        {
            Model.Validate(change);
        }

        var now = Timestamps.Now(_time);
        lock (_store.Sync)
        {
            var updated = Matches(filter).Select(Model.Clone).ToList();
            foreach (var row in updated)
            {
                update?.Invoke(row);
                foreach (var change in changes)
                {
                    change.Field.SetValue(row, change.BoxedValue);
                }

                Model.UpdatedAt?.SetValue(row, now);
            }

            WriteAllOrNothing(updated);
            return updated;
        }
    }

    // Writes the changed rows; when one fails (a unique key), puts back the rows already written, so a failure changes
    // nothing, as the single UPDATE statement does in PostgreSQL. Called under the store's lock.
    private void WriteAllOrNothing(List<T> updated)
    {
        var snapshot = updated.Select(r => _table.Get(r.Id)!).Select(Model.Clone).ToList();
        try
        {
            foreach (var row in updated)
            {
                _table.Write(row, replace: true);
            }
        }
        catch
        {
            foreach (var row in snapshot)
            {
                _table.Write(row, replace: true);
            }

            throw;
        }
    }
}
