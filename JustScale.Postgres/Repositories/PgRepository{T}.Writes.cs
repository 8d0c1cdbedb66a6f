using JustScale.Core;
using Npgsql;
using NpgsqlTypes;

namespace JustScale.Postgres;

/// <content>Updates, deletes and counts.</content>
public sealed partial class PgRepository<T>
{
    /// <inheritdoc />
    public async Task<bool> UpdateAsync(T entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var row = Model.PrepareUpdate(entity, Timestamps.Now(_time));
        var createdAt = await RunAsync(PgOperation.Update, _sql.Update, (Self: this, Row: row), static (command, s, ct) =>
        {
            var pg = s.Self._pg;
            command.Parameters.Add(pg.Id.Parameter(s.Row.Id));
            foreach (var column in pg.Columns)
            {
                if (!column.Field.IsSystem)
                {
                    command.Parameters.Add(column.Parameter(column.Field.GetValue(s.Row)));
                }
            }

            if (pg.UpdatedAt is { } updatedAt)
            {
                command.Parameters.Add(updatedAt.Parameter(updatedAt.Field.GetValue(s.Row)));
            }

            return command.ExecuteScalarAsync(ct);
        }, readOnly: false, cancellationToken);

        switch (createdAt)
        {
            case DateTimeOffset time:
                row.CreatedAt = Timestamps.Normalize(time);
                break;
            case DateTime utc:
                row.CreatedAt = Timestamps.Normalize(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
                break;
            default:
                return false;
        }

        Model.CopyInto(row, entity);
        return true;
    }

    /// <inheritdoc />
    public async Task<int> UpdateWhereAsync(Filter<T> filter, Changes<T> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var (field, value) in changes.Values)
        {
            Model.ValidateValue(field, value);
        }

        if (changes.Values.Count == 0 && _pg.UpdatedAt is null)
        {
            return (int)await CountAsync(filter, cancellationToken);
        }

        var now = Timestamps.Now(_time);
        return await RunAsync(PgOperation.UpdateWhere, _sql.UpdateWhere(filter, changes), (Self: this, Filter: filter, Changes: changes, Now: now), static (command, s, ct) =>
        {
            var pg = s.Self._pg;
            foreach (var (field, value) in s.Changes.Values)
            {
                command.Parameters.Add(pg.ColumnOf[field].Parameter(value));
            }

            if (pg.UpdatedAt is { } updatedAt)
            {
                command.Parameters.Add(updatedAt.Parameter(s.Now));
            }

            s.Self._sql.BindFilter(command.Parameters, s.Filter);
            return command.ExecuteNonQueryAsync(ct);
        }, readOnly: false, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        await RunAsync(PgOperation.Delete, _sql.DeleteById, (Self: this, Id: id), static (command, s, ct) =>
        {
            command.Parameters.Add(s.Self._pg.Id.Parameter(s.Id));
            return command.ExecuteNonQueryAsync(ct);
        }, readOnly: false, cancellationToken) == 1;

    /// <inheritdoc />
    /// <remarks>With a limit: <c>DELETE ... WHERE id IN (SELECT id ... ORDER BY created_at, id LIMIT n)</c>, oldest first.</remarks>
    public Task<int> DeleteWhereAsync(Filter<T> filter, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (limit is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must be at least 1.");
        }

        return RunAsync(PgOperation.DeleteWhere, _sql.DeleteWhere(filter, limit is not null), (Self: this, Filter: filter, Limit: limit), static (command, s, ct) =>
        {
            s.Self._sql.BindFilter(command.Parameters, s.Filter);
            if (s.Limit is { } max)
            {
                command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = max });
            }

            return command.ExecuteNonQueryAsync(ct);
        }, readOnly: false, cancellationToken);
    }

    /// <inheritdoc />
    public Task<long> CountAsync(Filter<T> filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return RunAsync(PgOperation.Count, _sql.Count(filter), (Self: this, Filter: filter), static async (command, s, ct) =>
        {
            s.Self._sql.BindFilter(command.Parameters, s.Filter);
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }, readOnly: true, cancellationToken);
    }
}
