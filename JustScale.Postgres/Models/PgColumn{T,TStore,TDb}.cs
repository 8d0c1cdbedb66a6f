using System.Linq.Expressions;
using JustScale.Core;
using Npgsql;
using NpgsqlTypes;

namespace JustScale.Postgres;

/// <summary>Binds and reads one column with its exact types: values travel as <see cref="NpgsqlParameter{T}"/> and typed reads (<see cref="PgTypes.ReaderMethod"/>), never boxed.</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <typeparam name="TStore">The field's storage type (nullable when the field is; a reference's <see cref="Guid"/>).</typeparam>
/// <typeparam name="TDb">The CLR type Npgsql writes and reads (the value type; text for enums and JSON).</typeparam>
internal sealed class PgColumn<T, TStore, TDb> : PgColumn<T> where T : Entity
{
    private readonly Func<T, TStore> _get;
    private readonly Func<TStore, TDb> _toDb;

    public PgColumn(Field<T> field, int index)
        : base(field, index)
    {
        var entity = Expression.Parameter(typeof(T), "entity");
        _get = Expression.Lambda<Func<T, TStore>>(field.ReadStorage(entity), entity).Compile();
        var value = Expression.Parameter(typeof(TStore), "value");
        Expression inner = Nullable.GetUnderlyingType(typeof(TStore)) is null ? value : Expression.Property(value, nameof(Nullable<>.Value));
        _toDb = Expression.Lambda<Func<TStore, TDb>>(Convert(inner, toDb: true), value).Compile();
    }

    /// <inheritdoc />
    public override void BindFrom(NpgsqlParameterCollection parameters, T entity) => parameters.Add(Parameter(_get(entity)));

    /// <inheritdoc />
    public override void Bind(NpgsqlParameterCollection parameters, FieldCondition<T> condition) =>
        parameters.Add(Parameter(((ValueCondition<T, TStore>)condition).Value));

    /// <inheritdoc />
    public override void BindArray(NpgsqlParameterCollection parameters, Condition<T> condition)
    {
        var array = Array.ConvertAll(((InCondition<T, TStore>)condition).Values, value => _toDb(value));
        parameters.Add(new NpgsqlParameter<TDb[]> { NpgsqlDbType = NpgsqlDbType.Array | DbType, TypedValue = array });
    }

    /// <inheritdoc />
    public override Expression ReadExpression(Expression reader, Expression ordinal)
    {
        var read = Convert(Expression.Call(reader, PgTypes.ReaderMethod(typeof(TDb)), ordinal), toDb: false);
        if (read.Type != typeof(TStore))
        {
            read = Expression.Convert(read, typeof(TStore));
        }

        // Only an optional column can hold NULL; a required one is read without the extra check, as hand-written code does.
        return Field.IsOptional
            ? Expression.Condition(Expression.Call(reader, nameof(NpgsqlDataReader.IsDBNull), null, ordinal), Expression.Default(typeof(TStore)), read)
            : read;
    }

    private NpgsqlParameter Parameter(TStore value) =>
        value is null ? Null() : new NpgsqlParameter<TDb> { NpgsqlDbType = DbType, TypedValue = _toDb(value) };

    /// <summary>Converts between the value type and the database type: enum names and JSON text; others pass as they are.</summary>
    private Expression Convert(Expression value, bool toDb)
    {
        var valueType = toDb ? value.Type : Nullable.GetUnderlyingType(typeof(TStore)) ?? typeof(TStore);
        var method = Field.Kind switch
        {
            FieldKind.Enum => toDb ? nameof(PgTypes.ToName) : nameof(PgTypes.FromName),
            FieldKind.Json => toDb ? nameof(PgTypes.ToJson) : nameof(PgTypes.FromJson),
            _ => null,
        };
        return method is null ? value : Expression.Call(typeof(PgTypes), method, [valueType], value);
    }
}
