namespace JustScale.Postgres;

/// <summary>Describes one additive schema change a migration applies: a new table, column or index.</summary>
/// <param name="Table">The table changed.</param>
/// <param name="Column">The column added, or null for a table or an index.</param>
/// <param name="Description">What the change does, as logged (<c>added column users.nickname</c>).</param>
/// <param name="Sql">The statements that make the change, separated by <c>;\n</c>.</param>
public sealed record SchemaChange(string Table, string? Column, string Description, string Sql);
