namespace JustScale.Core;

/// <summary>Lists how a filter condition compares a field with a value.</summary>
public enum Comparison
{
    /// <summary>Equal (a null value matches null fields).</summary>
    Equal,

    /// <summary>Not equal (a null value matches non-null fields).</summary>
    NotEqual,

    /// <summary>Strictly less than.</summary>
    LessThan,

    /// <summary>Less than or equal.</summary>
    LessThanOrEqual,

    /// <summary>Strictly greater than.</summary>
    GreaterThan,

    /// <summary>Greater than or equal.</summary>
    GreaterThanOrEqual,

    /// <summary>The text field contains the value, case-sensitively (PostgreSQL <c>strpos(column, value) &gt; 0</c>); strings only.</summary>
    /// <remarks>For a search that ignores case, and for prefixes and suffixes, use <see cref="Filter{T}.Contains"/>,
    /// <see cref="Filter{T}.StartsWith"/> and <see cref="Filter{T}.EndsWith"/>.</remarks>
    Contains,
}
