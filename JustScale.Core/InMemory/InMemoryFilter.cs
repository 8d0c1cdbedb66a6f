namespace JustScale.Core;

/// <summary>Evaluates filter conditions on stored values, as PostgreSQL would (ordinal strings, nulls never compare).</summary>
internal static class InMemoryFilter
{
    public static IComparer<object?> ValueComparer { get; } = Comparer<object?>.Create(Compare);

    public static bool Holds(Comparison comparison, object? stored, object? value)
    {
        if (value is null || stored is null)
        {
            return comparison switch
            {
                Comparison.Equal => value is null && stored is null,
                Comparison.NotEqual => (value is null) != (stored is null),
                _ => false,
            };
        }

        if (comparison == Comparison.Contains)
        {
            return stored is string text && value is string part
                ? text.Contains(part, StringComparison.Ordinal)
                : throw new ArgumentException("Contains compares text fields only.", nameof(comparison));
        }

        var order = Compare(stored, value);
        return comparison switch
        {
            Comparison.Equal => order == 0,
            Comparison.NotEqual => order != 0,
            Comparison.LessThan => order < 0,
            Comparison.LessThanOrEqual => order <= 0,
            Comparison.GreaterThan => order > 0,
            Comparison.GreaterThanOrEqual => order >= 0,
            _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, null),
        };
    }

    private static int Compare(object? left, object? right) => (left, right) switch
    {
        (null, null) => 0,
        (null, _) => 1,
        (_, null) => -1,
        (string a, string b) => string.CompareOrdinal(a, b),
        (byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b),
        (Enum a, Enum b) => string.CompareOrdinal(a.ToString(), b.ToString()), // PostgreSQL stores and orders enums by name
        (IComparable a, _) => a.CompareTo(right),
        _ => throw new InvalidOperationException($"Values of type {left.GetType().Name} cannot be compared."),
    };
}
