namespace JustScale.Postgres;

/// <summary>Compares the models with the catalog and plans the migration: additive changes to apply, conflicts to refuse.</summary>
/// <remarks>
/// Additive: a missing table (with its indexes), a missing column that is nullable, has a default (the table's or the
/// model's) or goes to an empty table, a missing index. Conflicts: a column of another type; a missing NOT NULL column
/// without a default on a table with rows; a column the model needs NOT NULL that allows NULL, or the reverse; a column
/// the model no longer has that is NOT NULL without a default (every insert would fail). Other extra columns are left alone.
/// </remarks>
internal static class SchemaPlanner
{
    /// <summary>Plans the migration of <paramref name="models"/> (referenced tables first) against <paramref name="catalog"/>.</summary>
    /// <param name="models">The models, referenced tables first.</param>
    /// <param name="tableOf">Resolves a referenced entity type to its model.</param>
    /// <param name="catalog">The existing tables.</param>
    /// <param name="hasRows">Tells whether a table has rows (asked only when it decides).</param>
    /// <param name="modelHash">The hash of the models' schema.</param>
    public static async Task<SchemaPlan> PlanAsync(
        IReadOnlyList<PgModel> models, Func<Type, PgModel> tableOf, Dictionary<string, CatalogTable> catalog, Func<string, Task<bool>> hasRows, string modelHash)
    {
        var changes = new List<SchemaChange>();
        var conflicts = new List<SchemaConflict>();
        foreach (var model in models)
        {
            var table = model.Table;
            var quoted = SqlNames.Quote(table);
            if (!catalog.TryGetValue(table, out var existing))
            {
                changes.Add(new SchemaChange(table, null, $"created table {table}", string.Join(";\n", model.SchemaStatements(tableOf))));
                continue;
            }

            var expected = model.ExpectedColumns(tableOf);
            foreach (var column in expected)
            {
                var name = column.Name;
                if (!existing.Columns.TryGetValue(name, out var found))
                {
                    var needsValue = column.NotNull && !column.HasDefault;
                    if (needsValue && column.DefaultLiteral is { } literal)
                    {
                        changes.Add(new SchemaChange(table, name, $"added column {table}.{name} (default {literal})",
                            $"ALTER TABLE {quoted} ADD COLUMN {column.Definition} DEFAULT {literal}"));
                    }
                    else if (!needsValue || !await hasRows(table).ConfigureAwait(false))
                    {
                        changes.Add(new SchemaChange(table, name, $"added column {table}.{name}", $"ALTER TABLE {quoted} ADD COLUMN {column.Definition}"));
                    }
                    else
                    {
                        conflicts.Add(new SchemaConflict(table, name, "missing", $"{SqlTypes.Canonical(column.Type)} NOT NULL",
                            "a NOT NULL column without a default cannot be added to a table that has rows; or give the field a Default in the model " +
                            "(new FieldOptions { Default = ... }, a string, number or bool), which the start then adds by itself, filling the existing rows, " +
                            "or make the property nullable",
                            $"ALTER TABLE {quoted} ADD COLUMN {SqlNames.Quote(name)} {column.Type};\n" +
                            $"UPDATE {quoted} SET {SqlNames.Quote(name)} = /* a value for the existing rows */;\n" +
                            $"ALTER TABLE {quoted} ALTER COLUMN {SqlNames.Quote(name)} SET NOT NULL;"));
                    }

                    continue;
                }

                var (foundType, wantType) = (SqlTypes.Canonical(found.Type), SqlTypes.Canonical(column.Type));
                if (foundType != wantType)
                {
                    conflicts.Add(new SchemaConflict(table, name, foundType, wantType, "the column has another type",
                        $"ALTER TABLE {quoted} ALTER COLUMN {SqlNames.Quote(name)} TYPE {column.Type} USING {SqlNames.Quote(name)}::{column.Type};"));
                }
                else if (found.NotNull && !column.NotNull)
                {
                    conflicts.Add(new SchemaConflict(table, name, $"{foundType} NOT NULL", $"{wantType} NULL", "the model allows null, the column does not",
                        $"ALTER TABLE {quoted} ALTER COLUMN {SqlNames.Quote(name)} DROP NOT NULL;"));
                }
                else if (!found.NotNull && column.NotNull)
                {
                    conflicts.Add(new SchemaConflict(table, name, $"{foundType} NULL", $"{wantType} NOT NULL", "the model requires a value, the column allows null",
                        $"UPDATE {quoted} SET {SqlNames.Quote(name)} = /* a value */ WHERE {SqlNames.Quote(name)} IS NULL;\n" +
                        $"ALTER TABLE {quoted} ALTER COLUMN {SqlNames.Quote(name)} SET NOT NULL;"));
                }
            }

            var known = expected.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            conflicts.AddRange(existing.Columns
                .Where(column => !known.Contains(column.Key) && column.Value.NotNull && column.Value.Default is null)
                .Select(column => new SchemaConflict(table, column.Key, $"{SqlTypes.Canonical(column.Value.Type)} NOT NULL", "no such column in the model",
                    "the model no longer has this NOT NULL column without a default: every insert would fail",
                    $"ALTER TABLE {quoted} DROP COLUMN {SqlNames.Quote(column.Key)};   -- or: ALTER TABLE {quoted} ALTER COLUMN {SqlNames.Quote(column.Key)} DROP NOT NULL;")));
            changes.AddRange(model.ExpectedIndexes(tableOf)
                .Where(index => !existing.Indexes.Contains(index.Name))
                .Select(index => new SchemaChange(table, null, $"added index {index.Name}", index.Sql)));
        }

        return new SchemaPlan(changes, conflicts, models.Count, modelHash);
    }
}
