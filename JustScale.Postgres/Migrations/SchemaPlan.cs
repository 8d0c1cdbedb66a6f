namespace JustScale.Postgres;

/// <summary>Lists what a migration would do to bring the database to the models: additive changes and conflicts.</summary>
/// <remarks>Made by <see cref="PostgresClient.PlanSchemaAsync"/>; nothing is changed by planning.</remarks>
public sealed class SchemaPlan
{
    internal SchemaPlan(IReadOnlyList<SchemaChange> changes, IReadOnlyList<SchemaConflict> conflicts, int tables, string modelHash)
    {
        Changes = changes;
        Conflicts = conflicts;
        Tables = tables;
        ModelHash = modelHash;
    }

    /// <summary>Gets the additive changes (new tables, nullable or defaulted columns, indexes), in the order they apply.</summary>
    public IReadOnlyList<SchemaChange> Changes { get; }

    /// <summary>Gets the differences a migration refuses to apply (type changes, NOT NULL columns it cannot fill).</summary>
    public IReadOnlyList<SchemaConflict> Conflicts { get; }

    /// <summary>Gets whether the database matches the models.</summary>
    public bool IsUpToDate => Changes.Count == 0 && Conflicts.Count == 0;

    /// <summary>Gets the SHA-256 (hex) of the models' schema, recorded with every migration applied.</summary>
    public string ModelHash { get; }

    /// <summary>Gets the SQL of the additive changes, then that of the conflicts to review; empty when up to date.</summary>
    public string Sql => string.Concat(
        Changes.Select(change => $"-- {change.Description}\n{change.Sql};\n").Concat(Conflicts.Select(conflict => $"-- REVIEW {conflict}\n{conflict.Sql}\n")));

    /// <summary>Gets the number of model tables compared.</summary>
    internal int Tables { get; }

    /// <summary>Returns what was (or would be) done in one line: "created 2 tables, added column users.x" or "up to date".</summary>
    public string Summary
    {
        get
        {
            if (Changes.Count == 0)
            {
                return Conflicts.Count == 0 ? $"up to date ({Tables} tables)" : $"{Conflicts.Count} conflicts";
            }

            var others = Changes.Where(c => !c.Description.StartsWith("created table", StringComparison.Ordinal)).Select(c => c.Description).ToList();
            var created = Changes.Count - others.Count;
            return string.Join(", ", created switch { 0 => others, 1 => others.Prepend("created 1 table"), _ => others.Prepend($"created {created} tables") });
        }
    }

    /// <summary>Returns a readable report: the summary, then the SQL.</summary>
    public override string ToString() => IsUpToDate ? Summary : $"{Summary}\n{Sql}";
}
