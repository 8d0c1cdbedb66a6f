namespace JustScale.Core;

/// <summary>Lists field values to write in a partial update (<see cref="IRepository{T}.UpdateWhereAsync"/>).</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <remarks>Immutable; <see cref="Set"/> returns a new instance. Setting null really stores null.</remarks>
public sealed class Changes<T> where T : Entity
{
    private readonly KeyValuePair<Field<T>, object?>[] _values;

    private Changes(KeyValuePair<Field<T>, object?>[] values) => _values = values;

    /// <summary>Gets the field values, in the order they were set.</summary>
    public IReadOnlyList<KeyValuePair<Field<T>, object?>> Values => _values;

    /// <summary>Creates changes that set one field.</summary>
    public static Changes<T> Of(Field<T> field, object? value) => new Changes<T>([]).Set(field, value);

    /// <summary>Adds a field value.</summary>
    public Changes<T> Set(Field<T> field, object? value)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.IsSystem)
        {
            throw new ArgumentException($"{field} is maintained by the repository and cannot be set.", nameof(field));
        }

        var next = new KeyValuePair<Field<T>, object?>[_values.Length + 1];
        _values.CopyTo(next, 0);
        next[^1] = new(field, field.ToStorage(value));
        return new Changes<T>(next);
    }
}
