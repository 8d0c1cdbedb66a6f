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
        var row = Model.Clone(entity);
        Model.Validate(row);
        Model.UpdatedAt?.SetValue(row, Timestamps.Now(_time));
        Normalize(row);
        try
        {
            await using var lease = await _client.LeaseAsync(cancellationToken);
            await using var command = lease.CreateCommand(_sql.Update);
            command.Parameters.Add(_pg.Id.Parameter(row.Id));
            foreach (var column in _pg.Columns)
            {
                if (!column.Field.IsSystem)
                {
                    command.Parameters.Add(column.Parameter(column.Field.GetValue(row)));
                }
            }

            if (_pg.UpdatedAt is { } updatedAt)
            {
                command.Parameters.Add(updatedAt.Parameter(updatedAt.Field.GetValue(row)));
            }

            var createdAt = await command.ExecuteScalarAsync(cancellationToken);
            if (createdAt is not DateTimeOffset and not DateTime)
            {
                return false;
            }

            row.CreatedAt = Timestamps.Normalize(createdAt is DateTime utc ? new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)) : (DateTimeOffset)createdAt);
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }

        CopyInto(row, entity);
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

        try
        {
            await using var lease = await _client.LeaseAsync(cancellationToken);
            await using var command = lease.CreateCommand(_sql.UpdateWhere(filter, changes));
            foreach (var (field, value) in changes.Values)
            {
                command.Parameters.Add(_pg.ColumnOf[field].Parameter(value));
            }

            if (_pg.UpdatedAt is { } updatedAt)
            {
                command.Parameters.Add(updatedAt.Parameter(Timestamps.Now(_time)));
            }

            _sql.BindFilter(command.Parameters, filter);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var lease = await _client.LeaseAsync(cancellationToken);
            await using var command = lease.CreateCommand(_sql.DeleteById);
            command.Parameters.Add(_pg.Id.Parameter(id));
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }
    }

    /// <inheritdoc />
    /// <remarks>With a limit: <c>DELETE ... WHERE id IN (SELECT id ... ORDER BY created_at, id LIMIT n)</c>, oldest first.</remarks>
    public async Task<int> DeleteWhereAsync(Filter<T> filter, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (limit is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must be at least 1.");
        }

        try
        {
            await using var lease = await _client.LeaseAsync(cancellationToken);
            await using var command = lease.CreateCommand(_sql.DeleteWhere(filter, limit is not null));
            _sql.BindFilter(command.Parameters, filter);
            if (limit is { } max)
            {
                command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = max });
            }

            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }
    }

    /// <inheritdoc />
    public async Task<long> CountAsync(Filter<T> filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        try
        {
            await using var lease = await _client.LeaseAsync(cancellationToken);
            await using var command = lease.CreateCommand(_sql.Count(filter));
            _sql.BindFilter(command.Parameters, filter);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }
    }
}
