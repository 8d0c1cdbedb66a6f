using System.Text;

namespace JustScale.Core;

/// <summary>Holds when at least one of several filters holds (OR).</summary>
/// <typeparam name="T">The entity type.</typeparam>
internal sealed class AnyCondition<T>(Filter<T>[] alternatives) : Condition<T> where T : Entity
{
    public Filter<T>[] Alternatives { get; } = alternatives;

    /// <inheritdoc />
    public override Field<T>? Field => null;

    /// <inheritdoc />
    public override bool Matches(T row) => Alternatives.Any(filter => filter.Matches(row));

    /// <inheritdoc />
    public override void Describe(StringBuilder text)
    {
        text.Append('(');
        for (var i = 0; i < Alternatives.Length; i++)
        {
            text.Append(i == 0 ? "" : " OR ");
            Alternatives[i].Describe(text);
        }

        text.Append(')');
    }
}
