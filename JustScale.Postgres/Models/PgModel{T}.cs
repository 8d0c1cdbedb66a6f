using System.Collections.Frozen;
using System.Linq.Expressions;
using JustScale.Core;
using Npgsql;

namespace JustScale.Postgres;

/// <summary>Maps the model of <typeparamref name="T"/> to a table; made by <see cref="PgModel.Create{T}(PgModelOptions?)"/>.</summary>
/// <typeparam name="T">The entity type.</typeparam>
public sealed partial class PgModel<T> : PgModel where T : Entity, new()
{
    private readonly FrozenDictionary<string, string> _constraints;
    private readonly Func<NpgsqlDataReader, int, T> _read;

    internal PgModel(Model<T> model, string table)
        : base(table, model.Name, typeof(T))
    {
        Model = model;
        TableSql = SqlNames.Quote(table);
        Columns = [.. model.AllFields.Select(PgColumn<T>.Create)];
        ColumnOf = Columns.ToFrozenDictionary(c => c.Field);
        Id = ColumnOf[model.Id];
        CreatedAt = ColumnOf[model.CreatedAt];
        UpdatedAt = model.UpdatedAt is null ? null : ColumnOf[model.UpdatedAt];
        SelectList = string.Join(", ", Columns.Select(c => c.Sql));
        References = [.. model.Fields.Where(f => f.Kind == FieldKind.Reference).Select(f => f.ReferencedType!).Distinct()];

        var constraints = new Dictionary<string, string>(StringComparer.Ordinal) { [$"{table}_pkey"] = model.Id.Name };
        foreach (var column in Columns)
        {
            if (column.Field.IsUnique)
            {
                constraints[$"{table}_{column.Name}_key"] = column.Field.Name;
            }

            if (column.Field.Kind == FieldKind.Reference)
            {
                constraints[$"{table}_{column.Name}_fkey"] = column.Field.Name;
            }
        }

        foreach (var index in model.Indexes)
        {
            constraints[IndexName(index)] = index.ToString();
        }

        _constraints = constraints.ToFrozenDictionary(StringComparer.Ordinal);
        _read = CompileReader();
    }

    /// <summary>Gets the model.</summary>
    public Model<T> Model { get; }

    /// <summary>Returns the same mapping with change notifications on, as <see cref="PgModelOptions.NotifyChanges"/> does: updates and deletes publish on <see cref="PgChangeFeed.Channel"/>.</summary>
    /// <param name="ignoredFields">The fields whose update alone publishes nothing (<see cref="PgModelOptions.NotifyIgnoredFields"/>).</param>
    /// <exception cref="ArgumentException">A name is not a field of the model.</exception>
    public PgModel<T> WithChangeNotifications(params string[] ignoredFields) =>
        new(Model, Table) { NotifyIgnoredColumns = PgChangeTrigger.IgnoredColumns(this, ignoredFields) };

    /// <inheritdoc />
    public override IReadOnlyList<Type> References { get; }

    internal string TableSql { get; }

    internal PgColumn<T>[] Columns { get; }

    internal FrozenDictionary<Field<T>, PgColumn<T>> ColumnOf { get; }

    internal PgColumn<T> Id { get; }

    internal PgColumn<T> CreatedAt { get; }

    internal PgColumn<T>? UpdatedAt { get; }

    /// <summary>Gets the columns in model order, comma-separated, unqualified.</summary>
    internal string SelectList { get; }

    /// <summary>Gets the name of the column a field is stored in.</summary>
    public string ColumnName(Field<T> field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return ColumnOf.TryGetValue(field, out var column)
            ? column.Name
            : throw new ArgumentException($"{field} is not a field of model {ModelName}.", nameof(field));
    }

    /// <summary>Returns the column of a field, found by reference among the columns: cheaper than hashing the field for a model's handful of columns (every call's statement key and binding look columns up).</summary>
    /// <exception cref="KeyNotFoundException">The field is not one of the model's.</exception>
    internal PgColumn<T> Column(Field<T> field)
    {
        var columns = Columns;
        for (var i = 0; i < columns.Length; i++)
        {
            if (ReferenceEquals(columns[i].Field, field))
            {
                return columns[i];
            }
        }

        return ColumnOf[field];
    }

    /// <summary>Returns the select list with every column qualified by a table alias.</summary>
    internal string QualifiedSelectList(string alias) => string.Join(", ", Columns.Select(c => $"{alias}.{c.Sql}"));

    /// <summary>Reads an entity from a row whose columns start at <paramref name="offset"/>: one compiled delegate, typed reads, no boxing.</summary>
    internal T Read(NpgsqlDataReader reader, int offset) => _read(reader, offset);

    /// <inheritdoc />
    /// <remarks>A long name is truncated by PostgreSQL; failing an exact match, the longest column name it contains.</remarks>
    internal override string? FieldOfConstraint(string? constraintName) =>
        constraintName is null ? null
        : _constraints.TryGetValue(constraintName, out var field) ? field
        : Columns.Where(c => constraintName.Contains(c.Name, StringComparison.Ordinal)).OrderByDescending(c => c.Name.Length).Select(c => c.Field.Name).FirstOrDefault();

    /// <inheritdoc />
    internal override IReadOnlyList<string> SchemaStatements(Func<Type, PgModel> tableOf)
    {
        var columns = Columns.Select(column => $"  {column.Sql} {column.SqlType}{ColumnConstraints(column, tableOf)}");
        var statements = new List<string> { $"CREATE TABLE IF NOT EXISTS {TableSql} (\n{string.Join(",\n", columns)}\n)" };
        statements.AddRange(Columns
            .Where(c => c.Field.IsIndexed)
            .OrderBy(c => c.Field.IsUnique ? 0 : 1) // unique lookups first, as the docs list them
            .Select(c => $"CREATE INDEX IF NOT EXISTS {SqlNames.Quote($"idx_{Table}_{c.Name}")} ON {TableSql}({c.Sql})"));
        statements.AddRange(Model.Indexes.Select(index =>
            $"CREATE {(index.IsUnique ? "UNIQUE " : "")}INDEX IF NOT EXISTS {SqlNames.Quote(IndexName(index))} " +
            $"ON {TableSql}({string.Join(", ", index.Fields.Select(f => ColumnOf[f].Sql))})"));
        if (NotifyIgnoredColumns is { } ignored)
        {
            statements.AddRange(PgChangeTrigger.Statements(Table, ignored));
        }

        return statements;
    }

    /// <summary>Returns the name of a declared index: <c>idx_&lt;table&gt;_&lt;column&gt;_&lt;column&gt;</c>, <c>uq_</c> for a unique one.</summary>
    internal string IndexName(ModelIndex<T> index) =>
        $"{(index.IsUnique ? "uq" : "idx")}_{Table}_{string.Join('_', index.Fields.Select(f => ColumnOf[f].Name))}";

    private string ColumnConstraints(PgColumn<T> column, Func<Type, PgModel> tableOf)
    {
        var field = column.Field;
        return column == Id ? " PRIMARY KEY DEFAULT gen_random_uuid()"
            : column == CreatedAt || column == UpdatedAt ? " NOT NULL DEFAULT NOW()"
            : (field.IsOptional ? "" : " NOT NULL") + (field.IsUnique ? " UNIQUE" : "") + (field.Kind == FieldKind.Reference
                ? $" REFERENCES {SqlNames.Quote(tableOf(field.ReferencedType!).Table)}(id) ON DELETE CASCADE"
                : "");
    }

    private Func<NpgsqlDataReader, int, T> CompileReader()
    {
        var reader = Expression.Parameter(typeof(NpgsqlDataReader), "reader");
        var offset = Expression.Parameter(typeof(int), "offset");
        var entity = Expression.Variable(typeof(T), "entity");
        Expression[] body =
        [
            Expression.Assign(entity, Expression.New(typeof(T))),
            .. Columns.Select(column => column.Field.WriteStorage(entity, column.ReadExpression(reader, Expression.Add(offset, Expression.Constant(column.Index))))),
            entity,
        ];
        return Expression.Lambda<Func<NpgsqlDataReader, int, T>>(Expression.Block([entity], body), reader, offset).Compile();
    }
}
