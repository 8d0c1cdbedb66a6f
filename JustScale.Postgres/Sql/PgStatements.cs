using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using JustScale.Core;
using Npgsql;

namespace JustScale.Postgres;

/// <summary>Builds the SQL of one model once per statement shape and binds parameters with each column's exact type.</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <remarks>Values never enter SQL text: every value is a positional parameter ($1, $2, ...).</remarks>
internal sealed class PgStatements<T> where T : Entity, new()
{
    private const int KindFindOne = 1, KindFindMany = 2, KindCount = 3, KindDelete = 4, KindDeleteLimit = 5, KindUpdateWhere = 6, KindJoin = 7, KindJoinMany = 8, KindIncrement = 9;
    private readonly PgModel<T> _model;
    private readonly ConcurrentDictionary<SqlKey, string> _cache = new();
    private readonly string[] _orderingKeys;

    public PgStatements(PgModel<T> model)
    {
        _model = model;
        _orderingKeys = [.. Enumerable.Range(0, model.Columns.Length * 2).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        var table = model.TableSql;
        var insertColumns = string.Join(", ", model.Columns.Select(c => c.Sql));
        var placeholders = string.Join(", ", model.Columns.Select((_, i) => $"${i + 1}"));
        Insert = $"INSERT INTO {table} ({insertColumns}) VALUES ({placeholders})";
        GetById = $"SELECT {model.SelectList} FROM {table} WHERE id = $1";
        DeleteById = $"DELETE FROM {table} WHERE id = $1";

        // Full update: every declared field, then updated_at; created_at is kept and returned.
        List<string> set = [.. model.Columns.Where(c => !c.Field.IsSystem).Select((column, i) => $"{column.Sql} = ${i + 2}")];
        if (model.UpdatedAt is { } updatedAt)
        {
            set.Add($"{updatedAt.Sql} = ${set.Count + 2}");
        }

        Update = set.Count == 0
            ? $"SELECT created_at FROM {table} WHERE id = $1"
            : $"UPDATE {table} SET {string.Join(", ", set)} WHERE id = $1 RETURNING created_at";
    }

    public string Insert { get; }

    public string GetById { get; }

    public string DeleteById { get; }

    /// <summary>Gets the full update; parameters: id, each declared field in order, then updated_at when the model has it.</summary>
    public string Update { get; }

    public string FindOne(Filter<T> filter)
    {
        var key = KeyOf(KindFindOne, filter, null);
        return _cache.TryGetValue(key, out var sql)
            ? sql
            : Add(key, $"SELECT {_model.SelectList} FROM {_model.TableSql}{Where(filter, "", 1, out _)}{FirstCreated(filter, "")} LIMIT 1");
    }

    /// <summary>Gets the find-many; parameters: the filter's (with the keyset cursor), then the limit, then the offset.</summary>
    public string FindMany(Filter<T> filter, FindOptions<T>? options)
    {
        var orderings = options?.EffectiveOrderings() ?? [];
        var limited = options?.Limit is not null;
        var offset = options?.Offset is not null;
        var kind = KindFindMany | (limited ? 1 << 4 : 0) | (offset ? 1 << 5 : 0);
        var shape = orderings.Count switch
        {
            0 => null,
            1 => _orderingKeys[(2 * _model.ColumnOf[orderings[0].Field].Index) + (orderings[0].Descending ? 1 : 0)],
            _ => string.Join(',', orderings.Select(o => _orderingKeys[(2 * _model.ColumnOf[o.Field].Index) + (o.Descending ? 1 : 0)])),
        };
        var key = KeyOf(kind, filter, shape);
        if (_cache.TryGetValue(key, out var sql))
        {
            return sql;
        }

        // Ties are broken by id ascending in every direction, as the in-memory store does.
        var orderBy = orderings.Count == 0
            ? $"{_model.CreatedAt.Sql}, id"
            : string.Join(", ", orderings.Select(o => $"{_model.ColumnOf[o.Field].Sql}{(o.Descending ? " DESC" : "")}")) + ", id";
        var text = new StringBuilder($"SELECT {_model.SelectList} FROM {_model.TableSql}{Where(filter, "", 1, out var next)} ORDER BY {orderBy}");
        if (limited)
        {
            text.Append(CultureInfo.InvariantCulture, $" LIMIT ${next++}");
        }

        if (offset)
        {
            text.Append(CultureInfo.InvariantCulture, $" OFFSET ${next}");
        }

        return Add(key, text.ToString());
    }

    public string Count(Filter<T> filter)
    {
        var key = KeyOf(KindCount, filter, null);
        return _cache.TryGetValue(key, out var sql) ? sql : Add(key, $"SELECT COUNT(*) FROM {_model.TableSql}{Where(filter, "", 1, out _)}");
    }

    /// <remarks>
    /// A limited delete takes any matching rows, in no order: an ORDER BY would make PostgreSQL read and sort every matching
    /// row for each batch (about 0.65 s per batch of 1,000 at 1 million expired sessions, so a purge in batches grew with the
    /// square of the rows), where without it the scan stops at the limit.
    /// </remarks>
    public string DeleteWhere(Filter<T> filter, bool limited)
    {
        var key = KeyOf(limited ? KindDeleteLimit : KindDelete, filter, null);
        if (_cache.TryGetValue(key, out var sql))
        {
            return sql;
        }

        var where = Where(filter, "", 1, out var next);
        return Add(key, limited
            ? $"DELETE FROM {_model.TableSql} WHERE id IN (SELECT id FROM {_model.TableSql}{where} LIMIT ${next})"
            : $"DELETE FROM {_model.TableSql}{where}");
    }

    /// <summary>Gets the partial update; parameters: each change in order, updated_at when the model has it, then the filter's.</summary>
    public string UpdateWhere(Filter<T> filter, Changes<T> changes) => SetWhere(KindUpdateWhere, filter, null, changes);

    /// <summary>Gets the atomic increment; parameters: the amount, each change in order, updated_at when the model has it, then the filter's.</summary>
    public string IncrementWhere(Filter<T> filter, PgColumn<T> counter, Changes<T> changes) => SetWhere(KindIncrement, filter, counter, changes);

    // An UPDATE of the changes (after "counter = counter + $1" when incrementing, which returns the rows) and updated_at.
    private string SetWhere(int kind, Filter<T> filter, PgColumn<T>? counter, Changes<T> changes)
    {
        var shape = string.Join(',', changes.Values.Select(c => _model.ColumnOf[c.Field].Index.ToString(CultureInfo.InvariantCulture)));
        var key = KeyOf(kind, filter, counter is null ? shape : counter.Index.ToString(CultureInfo.InvariantCulture) + ":" + shape);
        if (_cache.TryGetValue(key, out var sql))
        {
            return sql;
        }

        List<string> set = counter is null ? [] : [$"{counter.Sql} = {counter.Sql} + $1"];
        var first = set.Count + 1;
        set.AddRange(changes.Values.Select((change, i) => $"{_model.ColumnOf[change.Field].Sql} = ${first + i}"));
        if (_model.UpdatedAt is { } updatedAt)
        {
            set.Add($"{updatedAt.Sql} = ${set.Count + 1}");
        }

        var returning = counter is null ? "" : $" RETURNING {_model.SelectList}";
        return Add(key, $"UPDATE {_model.TableSql} SET {string.Join(", ", set)}{Where(filter, "", set.Count + 1, out _)}{returning}");
    }

    /// <summary>Gets the single JOIN that loads a row and the row its reference points to.</summary>
    /// <remarks>
    /// The cache lookup allocates and hashes no text for filters of up to five plain conditions. The reference column alone
    /// names the target: its type is fixed, and the client that owns these statements maps each type to one table.
    /// </remarks>
    public string FindOneWith<TRef>(Filter<T> filter, PgColumn<T> reference, PgModel<TRef> target) where TRef : Entity, new()
    {
        var key = KeyOf(KindJoin | ((reference.Index + 1) << 8), filter, null);
        return _cache.TryGetValue(key, out var sql)
            ? sql
            : Add(key, $"{Join(reference, target)}{Where(filter, "t.", 1, out _)}{FirstCreated(filter, "t.")} LIMIT 1");
    }

    /// <summary>Returns the SELECT of every row matching a filter JOINed with the rows its reference points to (no order, no limit).</summary>
    public string FindManyWith<TRef>(Filter<T> filter, PgColumn<T> reference, PgModel<TRef> target) where TRef : Entity, new()
    {
        var key = KeyOf(KindJoinMany | ((reference.Index + 1) << 8), filter, target.Table);
        return _cache.TryGetValue(key, out var sql) ? sql : Add(key, Join(reference, target) + Where(filter, "t.", 1, out _));
    }

    private string Join<TRef>(PgColumn<T> reference, PgModel<TRef> target) where TRef : Entity, new() =>
        $"SELECT {_model.QualifiedSelectList("t")}, {target.QualifiedSelectList("r")} FROM {_model.TableSql} t JOIN {target.TableSql} r ON r.id = t.{reference.Sql}";

    /// <summary>Adds the parameters of a filter's conditions, typed (nulls are written as IS NULL and need none).</summary>
    public void BindFilter(NpgsqlParameterCollection parameters, Filter<T> filter)
    {
        var conditions = filter.Conditions;
        for (var i = 0; i < conditions.Count; i++) // indexed: a foreach over the interface boxes an enumerator per statement
        {
            var condition = conditions[i];
            switch (condition)
            {
                case FieldCondition<T> { IsNull: false } value:
                    _model.Column(value.Field).Bind(parameters, value);
                    break;
                case FieldCondition<T>:
                    break;
                case AnyCondition<T> any:
                    foreach (var alternative in any.Alternatives)
                    {
                        BindFilter(parameters, alternative);
                    }

                    break;
                case TextCondition<T> text:
                    parameters.Add(PgParameters.Text(text.Pattern));
                    break;
                default:
                    _model.ColumnOf[condition.Field!].BindArray(parameters, condition);
                    break;
            }
        }
    }

    private static bool AllPlain(IReadOnlyList<Condition<T>> conditions)
    {
        for (var i = 0; i < conditions.Count; i++)
        {
            if (conditions[i] is not FieldCondition<T>)
            {
                return false;
            }
        }

        return true;
    }

    private string Add(SqlKey key, string sql)
    {
        _cache.TryAdd(key, sql);
        return sql;
    }

    private SqlKey KeyOf(int kind, Filter<T> filter, string? extra)
    {
        var conditions = filter.Conditions;
        if (conditions.Count <= 5 && _model.Columns.Length < 255 && AllPlain(conditions))
        {
            long packed = conditions.Count;
            for (var i = 0; i < conditions.Count; i++)
            {
                var c = (FieldCondition<T>)conditions[i];
                var code = ((long)(_model.Column(c.Field).Index + 1) << 4) | ((long)c.Comparison << 1) | (c.IsNull ? 1L : 0L);
                packed |= code << (3 + (12 * i));
            }

            return new SqlKey(kind, packed, extra);
        }

        return new SqlKey(kind, -1, filter.Describe(new StringBuilder(extra).Append('|')).ToString());
    }

    /// <summary>Returns the ORDER BY that makes a find-one return the first created match, or nothing when at most one row can match.</summary>
    /// <remarks>
    /// An equality on the id or on a unique column matches one row at most, so the order is moot, and leaving it out spares
    /// PostgreSQL a sort node in every such lookup: a session lookup by token ran about 15% more often per second without it
    /// (pgbench, same query with and without the ORDER BY, alternating runs).
    /// </remarks>
    private string FirstCreated(Filter<T> filter, string alias) =>
        filter.Conditions.Any(c => c is FieldCondition<T> { Comparison: Comparison.Equal, IsNull: false } value && (value.Field.IsUnique || value.Field == _model.Model.Id))
            ? ""
            : $" ORDER BY {alias}created_at, {alias}id";

    /// <summary>Writes the WHERE clause of a filter, numbering parameters from <paramref name="firstParameter"/>; <paramref name="next"/> is the first unused one.</summary>
    private string Where(Filter<T> filter, string alias, int firstParameter, out int next)
    {
        next = firstParameter;
        return filter.Conditions.Count == 0 ? "" : " WHERE " + Conditions(filter, alias, ref next);
    }

    private string Conditions(Filter<T> filter, string alias, ref int position)
    {
        var parts = new List<string>(filter.Conditions.Count);
        foreach (var condition in filter.Conditions)
        {
            switch (condition)
            {
                case FieldCondition<T> value:
                    parts.Add(Compare(alias + _model.ColumnOf[value.Field].Sql, value, ref position));
                    break;
                case AnyCondition<T> any:
                    var alternatives = new List<string>(any.Alternatives.Length);
                    foreach (var alternative in any.Alternatives)
                    {
                        alternatives.Add(alternative.Conditions.Count == 0 ? "TRUE" : "(" + Conditions(alternative, alias, ref position) + ")");
                    }

                    parts.Add("(" + string.Join(" OR ", alternatives) + ")");
                    break;
                case TextCondition<T> text:
                    // One parameter holds the escaped pattern; E'\\' is a backslash whatever standard_conforming_strings says.
                    parts.Add($"{alias}{_model.ColumnOf[text.Field].Sql} ILIKE ${position++} ESCAPE E'\\\\'");
                    break;
                default:
                    // An IN list is one array parameter, so the statement's text does not depend on how many values it holds.
                    parts.Add($"{alias}{_model.ColumnOf[condition.Field!].Sql} = ANY(${position++})");
                    break;
            }
        }

        return string.Join(" AND ", parts);
    }

    private static string Compare(string column, FieldCondition<T> condition, ref int position)
    {
        if (condition.IsNull)
        {
            return condition.Comparison == Comparison.Equal ? $"{column} IS NULL" : $"{column} IS NOT NULL";
        }

        var parameter = $"${position++}";
        return condition.Comparison switch
        {
            Comparison.Equal => $"{column} = {parameter}",
            // Like the in-memory store, NotEqual matches NULLs too.
            Comparison.NotEqual => $"{column} IS DISTINCT FROM {parameter}",
            Comparison.LessThan => $"{column} < {parameter}",
            Comparison.LessThanOrEqual => $"{column} <= {parameter}",
            Comparison.GreaterThan => $"{column} > {parameter}",
            Comparison.GreaterThanOrEqual => $"{column} >= {parameter}",
            Comparison.Contains => $"strpos({column}, {parameter}) > 0",
            _ => throw new ArgumentOutOfRangeException(nameof(condition), condition.Comparison, "Unknown comparison."),
        };
    }
}
