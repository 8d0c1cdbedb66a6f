namespace JustScale.Postgres;

/// <summary>Holds what the catalog says about one table: its columns (type as <c>format_type</c> writes it, nullability, default) and index names.</summary>
internal sealed class CatalogTable
{
    /// <summary>Gets the columns by name.</summary>
    public Dictionary<string, (string Type, bool NotNull, string? Default)> Columns { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the names of the table's indexes (constraint indexes included).</summary>
    public HashSet<string> Indexes { get; } = new(StringComparer.Ordinal);
}
