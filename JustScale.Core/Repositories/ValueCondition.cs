using System.Text;

namespace JustScale.Core;

/// <summary>Compares a field with a typed value (in storage form); changes keep their values the same way, as equalities.</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <typeparam name="TStore">The field's storage type (a reference's <see cref="Guid"/>).</typeparam>
internal sealed class ValueCondition<T, TStore>(Field<T> field, Comparison comparison, TStore value)
    : FieldCondition<T>(field, comparison, value is null) where T : Entity
{
    public TStore Value { get; } = value;

    /// <inheritdoc />
    public override object? BoxedValue => Value;

    /// <inheritdoc />
    public override bool Matches(T row) => InMemoryFilter.Holds(Comparison, Field.GetValue(row), Value);

    /// <inheritdoc />
    public override void Describe(StringBuilder text) =>
        text.Append(Field.Name).Append(' ').Append(Comparison).Append(IsNull ? " null" : " ?");
}
