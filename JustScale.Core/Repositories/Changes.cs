namespace JustScale.Core;

/// <summary>Lists field values to write in a partial update (<see cref="IRepository{T}.UpdateWhereAsync"/>).</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <remarks>Immutable; <see cref="Set{TValue}"/> returns a new instance. A value must have the field's type. Setting null really stores null.</remarks>
public sealed class Changes<T> where T : Entity
{
    private readonly FieldCondition<T>[] _values;

    private Changes(FieldCondition<T>[] values) => _values = values;

    /// <summary>Gets changes that set no field.</summary>
    public static Changes<T> None { get; } = new([]);

    /// <summary>Gets how many fields the changes set.</summary>
    public int Count => _values.Length;

    /// <summary>Gets the field values, each kept as an equality condition in storage form, in the order they were set.</summary>
    internal IReadOnlyList<FieldCondition<T>> Values => _values;

    /// <summary>Creates changes that set one field.</summary>
    public static Changes<T> Of<TValue>(Field<T, TValue> field, TValue value) => new Changes<T>([]).Set(field, value);

    /// <summary>Adds a field value.</summary>
    public Changes<T> Set<TValue>(Field<T, TValue> field, TValue value)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.IsSystem)
        {
            throw new ArgumentException($"{field} is maintained by the repository and cannot be set.", nameof(field));
        }

        // Kept as a condition for its typed value; a JSON value is never compared, so it skips the comparison check.
        var change = field.Kind == FieldKind.Json ? new ValueCondition<T, TValue>(field, Comparison.Equal, value) : field.Compare(Comparison.Equal, value);
        return new Changes<T>([.. _values, change]);
    }
}
