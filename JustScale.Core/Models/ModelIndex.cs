namespace JustScale.Core;

/// <summary>Describes an index over several fields, in order, declared with <c>ModelBuilder.Index</c>.</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <remarks>PostgreSQL creates it (<c>CREATE [UNIQUE] INDEX</c>); the in-memory store enforces a unique one.</remarks>
public sealed class ModelIndex<T> where T : Entity
{
    internal ModelIndex(IReadOnlyList<Field<T>> fields, bool isUnique)
    {
        Fields = fields;
        IsUnique = isUnique;
    }

    /// <summary>Gets the indexed fields, in index order.</summary>
    public IReadOnlyList<Field<T>> Fields { get; }

    /// <summary>Gets whether no two entities may share the same values of all the fields (rows with a null in them never clash).</summary>
    public bool IsUnique { get; }

    /// <summary>Returns the fields joined with "+" (e.g. "Owner+CreatedAt"), the name unique violations report.</summary>
    public override string ToString() => string.Join('+', Fields.Select(f => f.Name));
}
