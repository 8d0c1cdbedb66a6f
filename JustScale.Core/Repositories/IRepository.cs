namespace JustScale.Core;

/// <summary>Stores and queries the entities of one model; every store (in-memory, PostgreSQL) implements it.</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <remarks>
/// Entities returned are copies: changing one changes nothing stored until it is passed to
/// <see cref="UpdateAsync"/>. A write that duplicates a unique field throws <see cref="UniqueConstraintException"/>,
/// a reference to a missing entity <see cref="ReferenceConstraintException"/>, a value that does not fit its field
/// <see cref="FieldValidationException"/>; a failed write changes nothing.
/// </remarks>
public interface IRepository<T> where T : Entity, new()
{
    /// <summary>Gets the model of the stored entities.</summary>
    Model<T> Model { get; }

    /// <summary>Stores a new entity; assigns its id (when empty) and timestamps, and returns it.</summary>
    Task<T> InsertAsync(T entity, CancellationToken cancellationToken = default);

    /// <summary>Gets the entity with an id, or null.</summary>
    Task<T?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Gets the first entity matching a filter (by creation time), or null.</summary>
    Task<T?> FindOneAsync(Filter<T> filter, CancellationToken cancellationToken = default);

    /// <summary>Gets every entity matching a filter, ordered and limited by the options.</summary>
    Task<IReadOnlyList<T>> FindManyAsync(Filter<T> filter, FindOptions<T>? options = null, CancellationToken cancellationToken = default);

    /// <summary>Gets the first entity matching a filter together with the entity its reference field points to.</summary>
    /// <remarks>One round trip where the store allows it (PostgreSQL: one JOIN).</remarks>
    Task<Joined<T, TRef>?> FindOneWithAsync<TRef>(Filter<T> filter, Field<T> reference, CancellationToken cancellationToken = default)
        where TRef : Entity, IModel<TRef>, new();

    /// <summary>Gets every entity matching a filter together with the entity its reference field points to; rows whose referenced entity is gone are left out.</summary>
    /// <remarks>One round trip where the store allows it (PostgreSQL: one JOIN); in no particular order.</remarks>
    Task<IReadOnlyList<Joined<T, TRef>>> FindManyWithAsync<TRef>(Filter<T> filter, Field<T> reference, CancellationToken cancellationToken = default)
        where TRef : Entity, IModel<TRef>, new();

    /// <summary>Writes every field of a stored entity (nulls included) and its update time; false when it no longer exists.</summary>
    Task<bool> UpdateAsync(T entity, CancellationToken cancellationToken = default);

    /// <summary>Writes some fields of every entity matching a filter; returns how many were updated.</summary>
    Task<int> UpdateWhereAsync(Filter<T> filter, Changes<T> changes, CancellationToken cancellationToken = default);

    /// <summary>Adds <paramref name="amount"/> to an integer field of every entity matching a filter, and writes the other
    /// changes, in one atomic statement; returns the entities as updated (empty when none matched).</summary>
    /// <remarks>
    /// The filter is evaluated with the addition, never before it: of concurrent calls whose filter bounds the field
    /// (<c>FailureCount &lt; 10</c>), at most as many succeed as the bound allows, across processes sharing the store
    /// (PostgreSQL: one <c>UPDATE ... SET f = f + $1 ... WHERE ... RETURNING</c>). A counter that must not be raced is
    /// counted this way, never by reading it and writing the sum.
    /// </remarks>
    Task<IReadOnlyList<T>> IncrementWhereAsync(Filter<T> filter, Field<T, int> field, int amount, Changes<T>? changes = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the entity with an id; false when there was none.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Deletes the entities matching a filter, at most <paramref name="limit"/> when given; returns how many.</summary>
    Task<int> DeleteWhereAsync(Filter<T> filter, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>Counts the entities matching a filter.</summary>
    Task<long> CountAsync(Filter<T> filter, CancellationToken cancellationToken = default);
}
