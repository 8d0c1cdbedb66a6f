using System.Reflection;
using System.Text.Json;
using JustScale.Core;
using Npgsql;
using NpgsqlTypes;

namespace JustScale.Postgres;

/// <summary>Maps each field kind to its PostgreSQL type, in one place: DDL, catalog name, parameter type and the CLR type Npgsql reads.</summary>
/// <remarks>
/// Schema creation and the schema comparison (models against the catalog) both read the SQL type from here, so a
/// column is created with exactly the type it is later checked against.
/// </remarks>
internal static class PgTypes
{
    /// <summary>Returns the column type as written in DDL (<c>VARCHAR(255)</c>, <c>TIMESTAMPTZ</c>, <c>JSONB</c>).</summary>
    public static string SqlType(FieldKind kind, int? maxLength) => Of(kind, maxLength).Sql;

    /// <summary>Returns the exact parameter type of the kind, so comparisons never cast the column and can use its index.</summary>
    public static NpgsqlDbType DbType(FieldKind kind) => Of(kind, 1).DbType;

    /// <summary>Returns the CLR type Npgsql reads and writes for a field: its value type, but text for enums and JSON.</summary>
    public static Type DbClrType<T>(Field<T> field) where T : Entity => field.Kind switch
    {
        FieldKind.Enum or FieldKind.Json => typeof(string),
        FieldKind.Reference => typeof(Guid),
        _ => field.ValueType,
    };

    /// <summary>Returns the reader method that reads a column as <paramref name="dbType"/>: the non-generic typed getter where there is one, else <c>GetFieldValue&lt;T&gt;</c>.</summary>
    /// <remarks>
    /// <c>GetFieldValue&lt;string&gt;</c> (and any reference type) runs shared generic code whose type lookups showed as
    /// runtime helper calls in profiles of the session lookup; <c>GetString</c>, <c>GetGuid</c>, ... are plain calls.
    /// </remarks>
    public static MethodInfo ReaderMethod(Type dbType)
    {
        var name = dbType == typeof(string) ? nameof(NpgsqlDataReader.GetString)
            : dbType == typeof(Guid) ? nameof(NpgsqlDataReader.GetGuid)
            : dbType == typeof(int) ? nameof(NpgsqlDataReader.GetInt32)
            : dbType == typeof(long) ? nameof(NpgsqlDataReader.GetInt64)
            : dbType == typeof(bool) ? nameof(NpgsqlDataReader.GetBoolean)
            : dbType == typeof(double) ? nameof(NpgsqlDataReader.GetDouble)
            : dbType == typeof(decimal) ? nameof(NpgsqlDataReader.GetDecimal)
            : null;
        return name is null
            ? typeof(NpgsqlDataReader).GetMethod(nameof(NpgsqlDataReader.GetFieldValue), [typeof(int)])!.MakeGenericMethod(dbType)
            : typeof(NpgsqlDataReader).GetMethod(name, [typeof(int)])!;
    }

    /// <summary>Writes a JSON field's value as text (System.Text.Json, the options both stores share).</summary>
    public static string ToJson<TValue>(TValue value) => JsonSerializer.Serialize(value, JsonColumn.Options);

    /// <summary>Reads a JSON field's value from its text.</summary>
    public static TValue FromJson<TValue>(string json) => JsonSerializer.Deserialize<TValue>(json, JsonColumn.Options)!;

    /// <summary>Writes an enum value as the text of its member name.</summary>
    public static string ToName<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString();

    /// <summary>Reads an enum value from the text of its member name (case-sensitive).</summary>
    public static TEnum FromName<TEnum>(string name) where TEnum : struct, Enum => Enum.Parse<TEnum>(name);

    private static (NpgsqlDbType DbType, string Sql) Of(FieldKind kind, int? maxLength) => kind switch
    {
        FieldKind.Uuid or FieldKind.Reference => (NpgsqlDbType.Uuid, "UUID"),
        FieldKind.String => (NpgsqlDbType.Varchar, $"VARCHAR({maxLength})"),
        FieldKind.Text => (NpgsqlDbType.Text, "TEXT"),
        FieldKind.Int => (NpgsqlDbType.Integer, "INTEGER"),
        FieldKind.Long => (NpgsqlDbType.Bigint, "BIGINT"),
        FieldKind.Bool => (NpgsqlDbType.Boolean, "BOOLEAN"),
        FieldKind.Timestamp => (NpgsqlDbType.TimestampTz, "TIMESTAMPTZ"),
        FieldKind.Decimal => (NpgsqlDbType.Numeric, "NUMERIC"),
        FieldKind.Double => (NpgsqlDbType.Double, "DOUBLE PRECISION"),
        FieldKind.Enum => (NpgsqlDbType.Text, "TEXT"),
        FieldKind.Date => (NpgsqlDbType.Date, "DATE"),
        FieldKind.Bytes => (NpgsqlDbType.Bytea, "BYTEA"),
        FieldKind.Json => (NpgsqlDbType.Jsonb, "JSONB"),
        _ => throw new NotSupportedException($"Field kind {kind} has no PostgreSQL mapping."),
    };
}
