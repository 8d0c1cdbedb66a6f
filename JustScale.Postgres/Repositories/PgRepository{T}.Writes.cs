using JustScale.Core;

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
            command.Parameters.Add(PgParameters.Uuid(s.Row.Id));
            foreach (var column in pg.Columns)
            {
                if (!column.Field.IsSystem)
                {
                    column.BindFrom(command.Parameters, s.Row);
                }
            }

            pg.UpdatedAt?.BindFrom(command.Parameters, s.Row);

            return command.ExecuteScalarAsync(ct);
        }, readOnly: false, cancellationToken).ConfigureAwait(false);

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
        foreach (var change in changes.Values)
        {
            Model.Validate(change);
        }

        if (changes.Values.Count == 0 && _pg.UpdatedAt is null)
        {
            return (int)await CountAsync(filter, cancellationToken).ConfigureAwait(false);
        }

        var now = Timestamps.Now(_time);
        return await RunAsync(PgOperation.UpdateWhere, _sql.UpdateWhere(filter, changes), (Self: this, Filter: filter, Changes: changes, Now: now), static (command, s, ct) =>
        {
            var pg = s.Self._pg;
            foreach (var change in s.Changes.Values)
            {
                pg.ColumnOf[change.Field].Bind(command.Parameters, change);
            }

            if (pg.UpdatedAt is not null)
            {
                command.Parameters.Add(PgParameters.Time(s.Now));
            }

            s.Self._sql.BindFilter(command.Parameters, s.Filter);
            return command.ExecuteNonQueryAsync(ct);
        }, readOnly: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>One statement: <c>UPDATE ... SET counter = counter + $1, ... WHERE ... RETURNING ...</c>; PostgreSQL re-checks the
    /// filter on the row it locked, so concurrent increments bounded by the filter never pass the bound.</remarks>
    public Task<IReadOnlyList<T>> IncrementWhereAsync(Filter<T> filter, Field<T, int> field, int amount, Changes<T>? changes = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(field);
        if (field.IsSystem)
        {
            throw new ArgumentException($"{field} is maintained by the repository and cannot be set.", nameof(field));
        }

        changes ??= Changes<T>.None;
        foreach (var change in changes.Values)
        {
            Model.Validate(change);
        }

        var now = Timestamps.Now(_time);
        var counter = _pg.ColumnOf[field];
        return RunAsync(PgOperation.IncrementWhere, _sql.IncrementWhere(filter, counter, changes), (Self: this, Filter: filter, Changes: changes, Now: now, Amount: amount), static async (command, s, ct) =>
        {
            var pg = s.Self._pg;
            command.Parameters.Add(new Npgsql.NpgsqlParameter<int> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer, TypedValue = s.Amount });
            foreach (var change in s.Changes.Values)
            {
                pg.ColumnOf[change.Field].Bind(command.Parameters, change);
            }

            if (pg.UpdatedAt is not null)
            {
                command.Parameters.Add(PgParameters.Time(s.Now));
            }

            s.Self._sql.BindFilter(command.Parameters, s.Filter);
            var rows = new List<T>();
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                rows.Add(pg.Read(reader, 0));
            }

            return (IReadOnlyList<T>)rows;
        }, readOnly: false, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        await RunAsync(PgOperation.Delete, _sql.DeleteById, (Self: this, Id: id), static (command, s, ct) =>
        {
            command.Parameters.Add(PgParameters.Uuid(s.Id));
            return command.ExecuteNonQueryAsync(ct);
        }, readOnly: false, cancellationToken).ConfigureAwait(false) == 1;

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
                command.Parameters.Add(PgParameters.Bigint(max));
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
            return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }, readOnly: true, cancellationToken);
    }
}
