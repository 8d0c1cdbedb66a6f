namespace JustScale.Postgres;

/// <content>Schema creation for the registered models.</content>
public sealed partial class PostgresClient
{
    // pg_advisory_xact_lock key: "JustScale.Postgres schema", so two processes starting at once create the schema one after the other.
    private const long SchemaLockKey = 0x4A53_5067_5363_6865;

    /// <summary>Returns the DDL of every registered model (tables and indexes, IF NOT EXISTS), referenced tables first.</summary>
    /// <remarks>For those who apply the schema with their own migration tool instead of <see cref="EnsureSchemaAsync"/>.</remarks>
    public string GetSchemaSql() => string.Join(";\n\n", SchemaStatements()) + ";\n";

    /// <summary>Migrates the database to the registered models: applies the additive changes under an advisory lock and records them; refuses the rest.</summary>
    /// <remarks>
    /// Takes a transaction-scoped advisory lock first, so two processes starting at once migrate one after the other (the
    /// second finds nothing to do). New tables, nullable or defaulted columns and indexes are applied in one transaction,
    /// logged one line each and recorded in <c>justscale_migrations</c>; a type change or a NOT NULL column that cannot be
    /// filled throws <see cref="SchemaMigrationException"/> naming the column and the SQL to review, and changes nothing.
    /// Running it again changes nothing. <see cref="PlanSchemaAsync"/> shows the same plan without applying it.
    /// </remarks>
    /// <exception cref="SchemaMigrationException">The schema differs in a way that is not applied automatically.</exception>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default) => MigrateAsync(apply: true, cancellationToken);

    private List<string> SchemaStatements() => [.. OrderedModels().SelectMany(m => m.SchemaStatements(TableOf))];

    private PgModel TableOf(Type type) => _models.TryGetValue(type, out var model)
        ? model
        : throw new InvalidOperationException($"A model references {type.Name}, but no PgModel for {type.Name} is registered on this PostgresClient.");

    /// <summary>Returns the registered models, referenced tables first (depth-first), so every REFERENCES finds its table.</summary>
    private List<PgModel> OrderedModels()
    {
        var models = _models.Values.OrderBy(m => m.Table, StringComparer.Ordinal).ToList();
        if (models.Count == 0)
        {
            throw new InvalidOperationException("No PgModel is registered on this PostgresClient: add PgRepository.Create(...) components first.");
        }

        var ordered = new List<PgModel>();
        var visiting = new HashSet<PgModel>();
        void Visit(PgModel model)
        {
            if (ordered.Contains(model))
            {
                return;
            }

            if (!visiting.Add(model))
            {
                throw new InvalidOperationException($"The references of {model.ModelName} form a cycle; PgModel cannot create such tables.");
            }

            foreach (var referenced in model.References)
            {
                var target = TableOf(referenced);
                if (target != model)
                {
                    Visit(target);
                }
            }

            visiting.Remove(model);
            ordered.Add(model);
        }

        models.ForEach(Visit);
        return ordered;
    }
}
