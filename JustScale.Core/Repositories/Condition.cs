namespace JustScale.Core;

/// <summary>Compares one field with a value; one of the conditions a <see cref="Filter{T}"/> joins with AND.</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <param name="Field">The field compared.</param>
/// <param name="Comparison">How it is compared.</param>
/// <param name="Value">The value, in storage form (a reference as its id).</param>
public sealed record Condition<T>(Field<T> Field, Comparison Comparison, object? Value) where T : Entity;
