using System.Text;

namespace JustScale.Core;

/// <summary>Holds when a field equals one of a list of typed values (SQL <c>= ANY($n)</c>); an empty list matches nothing.</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <typeparam name="TStore">The field's storage type.</typeparam>
internal sealed class InCondition<T, TStore>(Field<T> field, TStore[] values) : Condition<T> where T : Entity
{
    public override Field<T> Field { get; } = field;

    public TStore[] Values { get; } = values;

    /// <inheritdoc />
    public override bool Matches(T row)
    {
        var stored = Field.GetValue(row);
        return Values.Any(value => InMemoryFilter.Holds(Comparison.Equal, stored, value));
    }

    /// <inheritdoc />
    public override void Describe(StringBuilder text) => text.Append(Field.Name).Append(" In ?");
}
