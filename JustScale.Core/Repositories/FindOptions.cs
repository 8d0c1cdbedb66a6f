namespace JustScale.Core;

/// <summary>Orders, pages and limits the result of <see cref="IRepository{T}.FindManyAsync"/>.</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <remarks>
/// Results are ordered by <see cref="Orderings"/> (or <see cref="OrderBy"/>), then by id, so the order is total and pages
/// never overlap. Two ways to page: <see cref="Offset"/> (SQL OFFSET: simple, but the database still walks the skipped rows),
/// or keyset paging with <see cref="After{TValue}"/> / <see cref="Before{TValue}"/> on a unique field (an index seek per
/// page, stable while rows are added). Keyset paging never relies on ids being time-ordered.
/// </remarks>
public sealed record FindOptions<T> where T : Entity
{
    /// <summary>Gets the field to order by when <see cref="Orderings"/> is empty; null orders by creation time, then id.</summary>
    public Field<T>? OrderBy { get; init; }

    /// <summary>Gets whether the <see cref="OrderBy"/> order is descending.</summary>
    public bool Descending { get; init; }

    /// <summary>Gets the orderings, most significant first; when given, <see cref="OrderBy"/> and <see cref="Descending"/> are ignored.</summary>
    public IReadOnlyList<Ordering<T>> Orderings { get; init; } = [];

    /// <summary>Gets the maximum number of entities returned, or null for all.</summary>
    public int? Limit { get; init; }

    /// <summary>Gets how many entities to skip first (SQL OFFSET), or null.</summary>
    public int? Offset { get; init; }

    /// <summary>Gets the keyset condition (the cursor) added by <see cref="After{TValue}"/> or <see cref="Before{TValue}"/>.</summary>
    internal Condition<T>? Keyset { get; private init; }

    /// <summary>Gets whether results were fetched in reverse order (a page before a cursor) and are put back in order.</summary>
    internal bool Reversed { get; private init; }

    /// <summary>Returns options for the page after a cursor: entities whose unique <paramref name="key"/> is greater, ordered by it.</summary>
    /// <remarks>Pass the key of the last entity of the previous page; <see cref="Limit"/> is the page size.</remarks>
    /// <exception cref="ArgumentException">The key is not the id nor a unique field.</exception>
    public FindOptions<T> After<TValue>(Field<T, TValue> key, TValue cursor) =>
        Page(key, key.Compare(Comparison.GreaterThan, cursor), reversed: false);

    /// <summary>Returns options for the page before a cursor: entities whose unique <paramref name="key"/> is smaller, in ascending order.</summary>
    /// <remarks>Pass the key of the first entity of the current page; the page holds the <see cref="Limit"/> entities just before it.</remarks>
    /// <exception cref="ArgumentException">The key is not the id nor a unique field.</exception>
    public FindOptions<T> Before<TValue>(Field<T, TValue> key, TValue cursor) =>
        Page(key, key.Compare(Comparison.LessThan, cursor), reversed: true);

    /// <summary>Returns the orderings in effect (without the final id tie-break).</summary>
    internal IReadOnlyList<Ordering<T>> EffectiveOrderings() =>
        Orderings.Count > 0 ? Orderings : OrderBy is { } field ? [new Ordering<T>(field, Descending)] : [];

    /// <summary>Checks limit and offset, as both stores do.</summary>
    internal void Validate()
    {
        if (Limit is < 0 || Offset is < 0)
        {
            throw new ArgumentOutOfRangeException(Limit is < 0 ? nameof(Limit) : nameof(Offset), "Limit and offset must not be negative.");
        }
    }

    private FindOptions<T> Page(Field<T> key, Condition<T> keyset, bool reversed)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.IsUnique && !(key.IsSystem && key.Kind == FieldKind.Uuid))
        {
            throw new ArgumentException($"Keyset paging needs a unique key (the id or a unique field); {key} is not unique.", nameof(key));
        }

        return this with { Orderings = [new Ordering<T>(key, reversed)], Keyset = keyset, Reversed = reversed };
    }
}
