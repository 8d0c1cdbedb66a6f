using System.Text;

namespace JustScale.Core;

/// <summary>Selects entities by conditions on their typed fields, all of which must hold (AND).</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <remarks>
/// Filters are immutable; <c>And</c> returns a new one. A value must have the field's type: <c>Where(email, 42)</c>
/// does not compile. A reference field takes the referenced entity or its id.
/// </remarks>
public sealed class Filter<T> where T : Entity
{
    private readonly Condition<T>[] _conditions;

    private Filter(Condition<T>[] conditions) => _conditions = conditions;

    /// <summary>Gets the filter that matches every entity.</summary>
    public static Filter<T> All { get; } = new([]);

    /// <summary>Gets the conditions, in the order they were added.</summary>
    internal IReadOnlyList<Condition<T>> Conditions => _conditions;

    /// <summary>Creates a filter on one field being equal to a value (null matches null fields).</summary>
    /// <typeparam name="TValue">The field's value type.</typeparam>
    /// <param name="field">The model field.</param>
    /// <param name="value">The value, of the field's type.</param>
    /// <returns>A new filter.</returns>
    public static Filter<T> Where<TValue>(Field<T, TValue> field, TValue value) => All.And(field, Comparison.Equal, value);

    /// <summary>Creates a filter on one field compared with a value.</summary>
    /// <typeparam name="TValue">The field's value type.</typeparam>
    /// <param name="field">The model field.</param>
    /// <param name="comparison">How the field compares with the value.</param>
    /// <param name="value">The value, of the field's type.</param>
    /// <returns>A new filter.</returns>
    public static Filter<T> Where<TValue>(Field<T, TValue> field, Comparison comparison, TValue value) => All.And(field, comparison, value);

    /// <summary>Creates a filter on a reference field pointing to the entity with an id.</summary>
    /// <typeparam name="TRef">The referenced entity type.</typeparam>
    /// <param name="field">The model field.</param>
    /// <param name="id">The referenced entity's id.</param>
    /// <returns>A new filter.</returns>
    public static Filter<T> Where<TRef>(Field<T, Reference<TRef>> field, Guid id) where TRef : Entity, new() => All.And(field, id);

    /// <summary>Creates a filter on a reference field pointing to an entity.</summary>
    /// <typeparam name="TRef">The referenced entity type.</typeparam>
    /// <param name="field">The model field.</param>
    /// <param name="entity">The referenced entity.</param>
    /// <returns>A new filter.</returns>
    public static Filter<T> Where<TRef>(Field<T, Reference<TRef>> field, TRef entity) where TRef : Entity, new() => All.And(field, entity);

    /// <summary>Creates a filter on a field holding one of the values (SQL <c>IN</c>); no values match nothing.</summary>
    /// <typeparam name="TValue">The field's value type.</typeparam>
    /// <param name="field">The model field.</param>
    /// <param name="values">The values the field may hold.</param>
    /// <returns>A new filter.</returns>
    public static Filter<T> In<TValue>(Field<T, TValue> field, IEnumerable<TValue> values)
    {
        ArgumentNullException.ThrowIfNull(field);
        return All.With(field.In(values));
    }

    /// <summary>Creates a filter on a reference field pointing to one of the entities with these ids.</summary>
    /// <typeparam name="TRef">The referenced entity type.</typeparam>
    /// <param name="field">The model field.</param>
    /// <param name="ids">The ids the reference may point to.</param>
    /// <returns>A new filter.</returns>
    public static Filter<T> In<TRef>(Field<T, Reference<TRef>> field, IEnumerable<Guid> ids) where TRef : Entity, new()
    {
        ArgumentNullException.ThrowIfNull(ids);
        return In(field, ids.Select(id => new Reference<TRef>(id)));
    }

    /// <summary>Creates a filter on a string field containing a piece of text, ignoring case (a search box).</summary>
    /// <remarks>
    /// The text matches literally: <c>%</c>, <c>_</c> and <c>\</c> are characters, not wildcards. A null field never matches;
    /// empty text matches every non-null value. PostgreSQL runs <c>column ILIKE $n</c> with the text escaped into one
    /// parameter, folding case as the database's locale does (ASCII letters always; other letters unless the database
    /// was created with the C locale); the in-memory store compares with <see cref="StringComparison.OrdinalIgnoreCase"/>.
    /// Combine with other conditions with <c>&amp;</c> and <c>|</c>. For a case-sensitive substring use <see cref="Comparison.Contains"/>.
    /// </remarks>
    /// <param name="field">A string field of the model.</param>
    /// <param name="text">The text to look for.</param>
    /// <returns>A new filter.</returns>
    /// <exception cref="ArgumentException">The field does not hold strings.</exception>
    /// <exception cref="FieldValidationException">The text contains a NUL character (no stored text can).</exception>
    public static Filter<T> Contains(Field<T> field, string text) => All.With(TextCondition<T>.Create(field, TextMatch.Contains, text));

    /// <summary>Creates a filter on a string field starting with a piece of text, ignoring case.</summary>
    /// <remarks>Matches as <see cref="Contains"/> does (literal text, nulls never match), at the start of the value only.</remarks>
    /// <param name="field">A string field of the model.</param>
    /// <param name="text">The text the value starts with.</param>
    /// <returns>A new filter.</returns>
    /// <exception cref="ArgumentException">The field does not hold strings.</exception>
    /// <exception cref="FieldValidationException">The text contains a NUL character (no stored text can).</exception>
    public static Filter<T> StartsWith(Field<T> field, string text) => All.With(TextCondition<T>.Create(field, TextMatch.StartsWith, text));

    /// <summary>Creates a filter on a string field ending with a piece of text, ignoring case.</summary>
    /// <remarks>Matches as <see cref="Contains"/> does (literal text, nulls never match), at the end of the value only.</remarks>
    /// <param name="field">A string field of the model.</param>
    /// <param name="text">The text the value ends with.</param>
    /// <returns>A new filter.</returns>
    /// <exception cref="ArgumentException">The field does not hold strings.</exception>
    /// <exception cref="FieldValidationException">The text contains a NUL character (no stored text can).</exception>
    public static Filter<T> EndsWith(Field<T> field, string text) => All.With(TextCondition<T>.Create(field, TextMatch.EndsWith, text));

    /// <summary>Creates a filter that holds when any of the filters holds (OR).</summary>
    /// <param name="alternatives">The filters, one of which must hold.</param>
    /// <returns>A new filter.</returns>
    public static Filter<T> Or(params Filter<T>[] alternatives)
    {
        ArgumentNullException.ThrowIfNull(alternatives);
        if (alternatives.Length == 0)
        {
            throw new ArgumentException("Or needs at least one filter.", nameof(alternatives));
        }

        return All.With(new AnyCondition<T>([.. alternatives.Select(a => a ?? throw new ArgumentNullException(nameof(alternatives)))]));
    }

    /// <summary>Combines two filters with OR.</summary>
    /// <param name="left">The first filter.</param>
    /// <param name="right">The second filter.</param>
    /// <returns>A new filter.</returns>
    public static Filter<T> operator |(Filter<T> left, Filter<T> right) => Or(left, right);

    /// <summary>Combines two filters with AND.</summary>
    /// <param name="left">The first filter.</param>
    /// <param name="right">The second filter.</param>
    /// <returns>A new filter.</returns>
    public static Filter<T> operator &(Filter<T> left, Filter<T> right) => And(left, right);

    /// <summary>Combines two filters with AND.</summary>
    /// <param name="left">The first filter.</param>
    /// <param name="right">The second filter.</param>
    /// <returns>A new filter.</returns>
    public static Filter<T> And(Filter<T> left, Filter<T> right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new Filter<T>([.. left._conditions, .. right._conditions]);
    }

    /// <summary>Adds an equality condition (null matches null fields).</summary>
    /// <typeparam name="TValue">The field's value type.</typeparam>
    /// <param name="field">The model field.</param>
    /// <param name="value">The value, of the field's type.</param>
    /// <returns>A new filter with the condition added.</returns>
    public Filter<T> And<TValue>(Field<T, TValue> field, TValue value) => And(field, Comparison.Equal, value);

    /// <summary>Adds a condition.</summary>
    /// <typeparam name="TValue">The field's value type.</typeparam>
    /// <param name="field">The model field.</param>
    /// <param name="comparison">How the field compares with the value.</param>
    /// <param name="value">The value, of the field's type.</param>
    /// <returns>A new filter with the condition added.</returns>
    public Filter<T> And<TValue>(Field<T, TValue> field, Comparison comparison, TValue value)
    {
        ArgumentNullException.ThrowIfNull(field);
        return With(field.Compare(comparison, value));
    }

    /// <summary>Adds the condition that a reference field points to the entity with an id.</summary>
    /// <typeparam name="TRef">The referenced entity type.</typeparam>
    /// <param name="field">The model field.</param>
    /// <param name="id">The referenced entity's id.</param>
    /// <returns>A new filter with the condition added.</returns>
    public Filter<T> And<TRef>(Field<T, Reference<TRef>> field, Guid id) where TRef : Entity, new() =>
        And(field, Comparison.Equal, new Reference<TRef>(id));

    /// <summary>Adds the condition that a reference field points to an entity.</summary>
    /// <typeparam name="TRef">The referenced entity type.</typeparam>
    /// <param name="field">The model field.</param>
    /// <param name="entity">The referenced entity.</param>
    /// <returns>A new filter with the condition added.</returns>
    public Filter<T> And<TRef>(Field<T, Reference<TRef>> field, TRef entity) where TRef : Entity, new() =>
        And(field, Comparison.Equal, Reference<TRef>.To(entity));

    /// <summary>Returns the conditions as text (fields and comparisons, never values), for diagnostics.</summary>
    /// <returns>The conditions, without their values.</returns>
    public override string ToString() => Describe(new StringBuilder()).ToString();

    /// <summary>Tells whether a stored row satisfies every condition (the in-memory store's evaluation).</summary>
    internal bool Matches(T row) => _conditions.All(condition => condition.Matches(row));

    /// <summary>Writes the conditions' shape.</summary>
    internal StringBuilder Describe(StringBuilder text)
    {
        if (_conditions.Length == 0)
        {
            text.Append("all");
        }

        for (var i = 0; i < _conditions.Length; i++)
        {
            text.Append(i == 0 ? "" : " AND ");
            _conditions[i].Describe(text);
        }

        return text;
    }

    /// <summary>Returns the filter with one more condition.</summary>
    internal Filter<T> With(Condition<T> condition) => new([.. _conditions, condition]);
}
