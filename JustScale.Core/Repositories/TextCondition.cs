using System.Text;

namespace JustScale.Core;

/// <summary>Holds when a text field contains, starts or ends with a piece of text, ignoring case; never on a null field.</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <remarks>
/// The text is matched literally: PostgreSQL gets a LIKE pattern (<see cref="Pattern"/>) in which <c>%</c>, <c>_</c> and
/// the escape character <c>\</c> of the text are escaped, as one parameter, never SQL text; the in-memory store compares
/// with <see cref="StringComparison.OrdinalIgnoreCase"/>.
/// </remarks>
internal sealed class TextCondition<T> : Condition<T> where T : Entity
{
    private TextCondition(Field<T> field, TextMatch match, string text)
    {
        Field = field;
        Match = match;
        Text = text;
        var escaped = EscapeLike(text);
        Pattern = match switch
        {
            TextMatch.Contains => $"%{escaped}%",
            TextMatch.StartsWith => $"{escaped}%",
            _ => $"%{escaped}",
        };
    }

    public override Field<T> Field { get; }

    public TextMatch Match { get; }

    /// <summary>Gets the text looked for, as given.</summary>
    public string Text { get; }

    /// <summary>Gets the LIKE pattern for PostgreSQL: the escaped text with <c>%</c> where any text may come.</summary>
    public string Pattern { get; }

    /// <summary>Makes the condition, checking that the field holds text and the text can be stored at all.</summary>
    /// <exception cref="ArgumentException">The field is not a string field.</exception>
    /// <exception cref="FieldValidationException">The text contains a NUL character, which no stored text holds (400, as on a write).</exception>
    public static TextCondition<T> Create(Field<T> field, TextMatch match, string text)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(text);
        if (field.Kind is not (FieldKind.String or FieldKind.Text))
        {
            throw new ArgumentException(
                $"{field} holds {field.ValueType.Name} ({field.Kind}); {match} searches string fields only. Compare other fields with Filter<{typeof(T).Name}>.Where(field, comparison, value).",
                nameof(field));
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new FieldValidationException(typeof(T).Name, field.Name, "must not contain NUL characters.");
        }

        return new TextCondition<T>(field, match, text);
    }

    /// <inheritdoc />
    public override bool Matches(T row) => Field.GetValue(row) is string stored && Match switch
    {
        TextMatch.Contains => stored.Contains(Text, StringComparison.OrdinalIgnoreCase),
        TextMatch.StartsWith => stored.StartsWith(Text, StringComparison.OrdinalIgnoreCase),
        _ => stored.EndsWith(Text, StringComparison.OrdinalIgnoreCase),
    };

    /// <inheritdoc />
    /// <remarks>Distinct from <see cref="Comparison.Contains"/>'s shape, which is a different (case-sensitive) statement.</remarks>
    public override void Describe(StringBuilder text) => text.Append(Field.Name).Append(' ').Append(Match).Append(" ignoring case ?");

    /// <summary>Escapes the LIKE wildcards (<c>%</c>, <c>_</c>) and the escape character <c>\</c> itself, so the text matches literally.</summary>
    internal static string EscapeLike(string text) => text
        .Replace(@"\", @"\\", StringComparison.Ordinal)
        .Replace("%", @"\%", StringComparison.Ordinal)
        .Replace("_", @"\_", StringComparison.Ordinal);
}
