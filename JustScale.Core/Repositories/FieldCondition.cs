namespace JustScale.Core;

/// <summary>Compares one field with one value; the untyped view of <see cref="ValueCondition{T, TStore}"/>.</summary>
/// <typeparam name="T">The entity type.</typeparam>
internal abstract class FieldCondition<T>(Field<T> field, Comparison comparison, bool isNull) : Condition<T> where T : Entity
{
    public override Field<T> Field { get; } = field;

    public Comparison Comparison { get; } = comparison;

    /// <summary>Gets whether the value is null (written as IS NULL / IS NOT NULL, with no parameter).</summary>
    public bool IsNull { get; } = isNull;

    /// <summary>Gets the value, boxed, for stores that keep objects.</summary>
    public abstract object? BoxedValue { get; }
}
