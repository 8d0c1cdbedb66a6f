namespace JustScale.Core;

/// <summary>Orders query results by one field, ascending or descending; one of <see cref="FindOptions{T}.Orderings"/>.</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <param name="Field">The field ordered by.</param>
/// <param name="Descending">Whether the order is descending.</param>
/// <remarks>Nulls sort last ascending and first descending, in both stores (PostgreSQL's default).</remarks>
public sealed record Ordering<T>(Field<T> Field, bool Descending = false) where T : Entity
{
    /// <summary>Creates an ascending ordering by the field (LINQ's <c>OrderBy</c>).</summary>
    public static Ordering<T> By(Field<T> field) => new(field);

    /// <summary>Creates a descending ordering by the field (LINQ's <c>OrderByDescending</c>).</summary>
    public static Ordering<T> ByDescending(Field<T> field) => new(field, true);
}
