using JustScale.Core;

namespace JustScale.Postgres;

/// <summary>Maps a model to a PostgreSQL table (the docs' <c>createPgModel</c>); pass it to <see cref="PgRepository.Create{T}"/>.</summary>
/// <remarks>
/// Columns are the snake_case field names; a <see cref="Reference{T}"/> becomes <c>&lt;name&gt;_id UUID NOT NULL
/// REFERENCES &lt;table&gt;(id) ON DELETE CASCADE</c>; strings with a maximum length VARCHAR(n), others TEXT; times
/// TIMESTAMPTZ; a unique field UNIQUE; an indexed field <c>CREATE INDEX idx_&lt;table&gt;_&lt;column&gt;</c>. Every table
/// has <c>id UUID PRIMARY KEY DEFAULT gen_random_uuid()</c> and <c>created_at</c>; <c>updated_at</c> when the entity
/// implements <see cref="IHasUpdatedAt"/>.
/// </remarks>
public abstract partial class PgModel
{
    private protected PgModel(string table, string modelName, Type entityType)
    {
        Table = table;
        ModelName = modelName;
        EntityType = entityType;
    }

    /// <summary>Gets the table name.</summary>
    public string Table { get; }

    /// <summary>Gets the name of the model (e.g. "User").</summary>
    public string ModelName { get; }

    /// <summary>Gets the entity type stored in the table.</summary>
    public Type EntityType { get; }

    /// <summary>Gets whether updates and deletes of rows publish change notifications (<see cref="PgModelOptions.NotifyChanges"/>).</summary>
    public bool NotifiesChanges => NotifyIgnoredColumns is not null;

    /// <summary>Gets the columns whose update alone publishes no notification, or null when the table publishes none.</summary>
    internal IReadOnlyList<string>? NotifyIgnoredColumns { get; set; }

    /// <summary>Gets the entity types this table references, whose tables must exist first.</summary>
    public abstract IReadOnlyList<Type> References { get; }

    /// <summary>Writes the DDL that creates the table and its indexes (IF NOT EXISTS); references are resolved by <paramref name="tableOf"/>.</summary>
    internal abstract IReadOnlyList<string> SchemaStatements(Func<Type, PgModel> tableOf);

    /// <summary>Returns the field name a constraint belongs to (from the constraint name PostgreSQL reports), or null.</summary>
    internal abstract string? FieldOfConstraint(string? constraintName);

    /// <summary>Maps an entity type that defines its own model to a table.</summary>
    public static PgModel<T> Create<T>(PgModelOptions? options = null) where T : Entity, IModel<T>, new() =>
        Create(T.Model, options);

    /// <summary>Maps a model to a table.</summary>
    public static PgModel<T> Create<T>(Model<T> model, PgModelOptions? options = null) where T : Entity, new()
    {
        ArgumentNullException.ThrowIfNull(model);
        var table = SqlNames.Validate(options?.Table ?? SqlNames.SnakeCase(model.Name) + "s", "table name");
        var pg = new PgModel<T>(model, table);
        if (options?.NotifyChanges == true)
        {
            pg.NotifyIgnoredColumns = PgChangeTrigger.IgnoredColumns(pg, options.NotifyIgnoredFields);
        }

        return pg;
    }

    /// <summary>Returns the table and model names.</summary>
    public override string ToString() => $"{ModelName} -> {Table}";
}
