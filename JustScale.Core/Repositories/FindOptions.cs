namespace JustScale.Core;

/// <summary>Orders and limits the result of <see cref="IRepository{T}.FindManyAsync"/>.</summary>
/// <typeparam name="T">The entity type.</typeparam>
public sealed record FindOptions<T> where T : Entity
{
    /// <summary>Gets the field to order by; null orders by creation time, then id.</summary>
    public Field<T>? OrderBy { get; init; }

    /// <summary>Gets whether the order is descending.</summary>
    public bool Descending { get; init; }

    /// <summary>Gets the maximum number of entities returned, or null for all.</summary>
    public int? Limit { get; init; }
}
