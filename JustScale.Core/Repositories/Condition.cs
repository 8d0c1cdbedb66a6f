namespace JustScale.Core;

/// <summary>One of the conditions a <see cref="Filter{T}"/> joins with AND: a comparison, an IN list, or alternatives (OR).</summary>
/// <typeparam name="T">The entity type.</typeparam>
internal abstract class Condition<T> where T : Entity
{
    /// <summary>Gets the field the condition is on, or null for alternatives.</summary>
    public abstract Field<T>? Field { get; }

    /// <summary>Tells whether a stored row satisfies the condition (the in-memory store's evaluation).</summary>
    public abstract bool Matches(T row);

    /// <summary>Writes the condition's shape (not its values) for diagnostics and statement caches.</summary>
    public abstract void Describe(System.Text.StringBuilder text);
}
