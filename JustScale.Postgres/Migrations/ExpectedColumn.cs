namespace JustScale.Postgres;

/// <summary>Describes a column as a model needs it, for comparison with the catalog.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">The SQL type in DDL (from the column mapping).</param>
/// <param name="NotNull">Whether the column is NOT NULL.</param>
/// <param name="HasDefault">Whether the table fills it when an INSERT leaves it out (a DEFAULT clause).</param>
/// <param name="Definition">The column's definition as in CREATE TABLE, for <c>ALTER TABLE ... ADD COLUMN</c>.</param>
/// <param name="DefaultLiteral">The model's default value as a SQL literal, or null; a NOT NULL column added to rows takes it.</param>
internal sealed record ExpectedColumn(string Name, string Type, bool NotNull, bool HasDefault, string Definition, string? DefaultLiteral);
