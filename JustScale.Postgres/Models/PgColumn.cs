using JustScale.Core;
using Npgsql;
using NpgsqlTypes;

namespace JustScale.Postgres;

/// <summary>Maps one model field to its column: name, SQL type, exact parameter type and reader.</summary>
/// <typeparam name="T">The entity type.</typeparam>
internal sealed class PgColumn<T> where T : Entity
{
    private readonly Func<NpgsqlDataReader, int, object> _read;

    public PgColumn(Field<T> field, int index)
    {
        Field = field;
        Index = index;
        Name = field.Kind == FieldKind.Reference ? SqlNames.SnakeCase(field.Name) + "_id" : SqlNames.SnakeCase(field.Name);
        Sql = SqlNames.Quote(Name);
        (DbType, SqlType, _read) = Map(field);
    }

    /// <summary>Gets the model field.</summary>
    public Field<T> Field { get; }

    /// <summary>Gets the position of the column in the model's select list.</summary>
    public int Index { get; }

    /// <summary>Gets the column name (snake_case; a reference ends in <c>_id</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the column name as written in SQL (quoted when reserved).</summary>
    public string Sql { get; }

    /// <summary>Gets the SQL type in DDL (<c>VARCHAR(255)</c>, <c>TIMESTAMPTZ</c>).</summary>
    public string SqlType { get; }

    /// <summary>Gets the exact parameter type, so comparisons never cast the column and always can use its index.</summary>
    public NpgsqlDbType DbType { get; }

    /// <summary>Creates a parameter of the column's exact type (null becomes DBNull).</summary>
    public NpgsqlParameter Parameter(object? value) => new() { NpgsqlDbType = DbType, Value = value ?? DBNull.Value };

    /// <summary>Reads the column's value at an ordinal of a row, null for SQL NULL.</summary>
    public object? Read(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : _read(reader, ordinal);

    private static (NpgsqlDbType, string, Func<NpgsqlDataReader, int, object>) Map(Field<T> field) => field.Kind switch
    {
        FieldKind.Uuid or FieldKind.Reference => Entry(NpgsqlDbType.Uuid, "UUID", static (r, i) => r.GetGuid(i)),
        FieldKind.String => Entry(NpgsqlDbType.Varchar, $"VARCHAR({field.MaxLength})", static (r, i) => r.GetString(i)),
        FieldKind.Text => Entry(NpgsqlDbType.Text, "TEXT", static (r, i) => r.GetString(i)),
        FieldKind.Int => Entry(NpgsqlDbType.Integer, "INTEGER", static (r, i) => r.GetInt32(i)),
        FieldKind.Long => Entry(NpgsqlDbType.Bigint, "BIGINT", static (r, i) => r.GetInt64(i)),
        FieldKind.Bool => Entry(NpgsqlDbType.Boolean, "BOOLEAN", static (r, i) => r.GetBoolean(i)),
        FieldKind.Timestamp => Entry(NpgsqlDbType.TimestampTz, "TIMESTAMPTZ", static (r, i) => r.GetFieldValue<DateTimeOffset>(i)),
        _ => throw new NotSupportedException($"{field}: field kind {field.Kind} has no PostgreSQL mapping."),
    };

    private static (NpgsqlDbType, string, Func<NpgsqlDataReader, int, object>) Entry(NpgsqlDbType type, string sql, Func<NpgsqlDataReader, int, object> read) =>
        (type, sql, read);
}
