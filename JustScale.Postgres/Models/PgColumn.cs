using System.Linq.Expressions;
using System.Reflection;
using JustScale.Core;
using Npgsql;
using NpgsqlTypes;

namespace JustScale.Postgres;

/// <summary>Maps one model field to its column: name, SQL type, and typed binding and reading (no boxing per value).</summary>
/// <typeparam name="T">The entity type.</typeparam>
internal abstract class PgColumn<T> where T : Entity
{
    private protected PgColumn(Field<T> field, int index)
    {
        Field = field;
        Index = index;
        Name = field.Kind == FieldKind.Reference ? SqlNames.SnakeCase(field.Name) + "_id" : SqlNames.SnakeCase(field.Name);
        Sql = SqlNames.Quote(Name);
        SqlType = PgTypes.SqlType(field.Kind, field.MaxLength);
        DbType = PgTypes.DbType(field.Kind);
    }

    /// <summary>Gets the model field.</summary>
    public Field<T> Field { get; }

    /// <summary>Gets the position of the column in the model's select list.</summary>
    public int Index { get; }

    /// <summary>Gets the column name (snake_case; a reference ends in <c>_id</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the column name as written in SQL (quoted when reserved).</summary>
    public string Sql { get; }

    /// <summary>Gets the SQL type in DDL (<c>VARCHAR(255)</c>, <c>TIMESTAMPTZ</c>); see <see cref="PgTypes"/>.</summary>
    public string SqlType { get; }

    /// <summary>Gets the exact parameter type, so comparisons never cast the column and always can use its index.</summary>
    public NpgsqlDbType DbType { get; }

    /// <summary>Creates the column of a field, typed by its storage and database types.</summary>
    public static PgColumn<T> Create(Field<T> field, int index)
    {
        var type = typeof(PgColumn<,,>).MakeGenericType(typeof(T), field.StorageType, PgTypes.DbClrType(field));
        return (PgColumn<T>)Activator.CreateInstance(type, BindingFlags.Instance | BindingFlags.Public | BindingFlags.DoNotWrapExceptions, null, [field, index], null)!;
    }

    /// <summary>Adds the parameter holding the field's value in an entity.</summary>
    public abstract void BindFrom(NpgsqlParameterCollection parameters, T entity);

    /// <summary>Adds the parameter holding a condition's (or change's) value.</summary>
    public abstract void Bind(NpgsqlParameterCollection parameters, FieldCondition<T> condition);

    /// <summary>Adds the array parameter holding an IN condition's values.</summary>
    public abstract void BindArray(NpgsqlParameterCollection parameters, Condition<T> condition);

    /// <summary>Builds the expression that reads the column's storage value at an ordinal (typed <see cref="Field{T}.StorageType"/>).</summary>
    public abstract Expression ReadExpression(Expression reader, Expression ordinal);

    /// <summary>Creates the parameter for SQL NULL, typed as the column.</summary>
    private protected NpgsqlParameter Null() => new() { NpgsqlDbType = DbType, Value = DBNull.Value };
}
