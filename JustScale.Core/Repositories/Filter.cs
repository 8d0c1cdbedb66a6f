namespace JustScale.Core;

/// <summary>Selects entities by conditions on their fields, all of which must hold (AND).</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <remarks>Filters are immutable; <see cref="And(Field{T}, object?)"/> returns a new one.</remarks>
public sealed class Filter<T> where T : Entity
{
    private readonly Condition<T>[] _conditions;

    private Filter(Condition<T>[] conditions) => _conditions = conditions;

    /// <summary>Gets the filter that matches every entity.</summary>
    public static Filter<T> All { get; } = new([]);

    /// <summary>Gets the conditions, in the order they were added.</summary>
    public IReadOnlyList<Condition<T>> Conditions => _conditions;

    /// <summary>Creates a filter on one field being equal to a value.</summary>
    public static Filter<T> Where(Field<T> field, object? value) => All.And(field, Comparison.Equal, value);

    /// <summary>Creates a filter on one field compared with a value.</summary>
    public static Filter<T> Where(Field<T> field, Comparison comparison, object? value) => All.And(field, comparison, value);

    /// <summary>Adds an equality condition.</summary>
    public Filter<T> And(Field<T> field, object? value) => And(field, Comparison.Equal, value);

    /// <summary>Adds a condition.</summary>
    public Filter<T> And(Field<T> field, Comparison comparison, object? value)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (value is null && comparison is not (Comparison.Equal or Comparison.NotEqual))
        {
            throw new ArgumentException($"{field}: only Equal and NotEqual accept null.", nameof(value));
        }

        var next = new Condition<T>[_conditions.Length + 1];
        _conditions.CopyTo(next, 0);
        next[^1] = new Condition<T>(field, comparison, field.ToStorage(value));
        return new Filter<T>(next);
    }

    /// <summary>Returns the conditions as text, for diagnostics.</summary>
    public override string ToString() =>
        _conditions.Length == 0 ? "all" : string.Join(" AND ", _conditions.Select(c => $"{c.Field.Name} {c.Comparison} ?"));
}
