using System.Data;
using JustScale.Core;
using Npgsql;

namespace JustScale.Postgres;

/// <summary>Implements <see cref="IRepository{T}"/> on PostgreSQL: parameterized SQL built once per shape, one round trip per call.</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <remarks>
/// Inside <see cref="PostgresClient.TransactionAsync(Func{PgTransaction, Task}, CancellationToken)"/> it takes part in the
/// transaction. Errors arrive as JustScale exceptions: <see cref="UniqueConstraintException"/> naming the field,
/// <see cref="ReferenceConstraintException"/>, <see cref="FieldValidationException"/>, and
/// <see cref="DatabaseUnavailableException"/> when the server cannot be reached; never a raw Npgsql exception.
/// </remarks>
public sealed partial class PgRepository<T> : IRepository<T> where T : Entity, new()
{
    private readonly PostgresClient _client;
    private readonly PgModel<T> _pg;
    private readonly PgStatements<T> _sql;
    private readonly TimeProvider _time;

    /// <summary>Creates a repository for a mapped model on a client; registers the model with the client.</summary>
    public PgRepository(PostgresClient client, PgModel<T> model, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _client = client;
        _pg = model;
        _time = timeProvider;
        _sql = new PgStatements<T>(model);
        client.Register(model);
    }

    /// <inheritdoc />
    public Model<T> Model => _pg.Model;

    /// <summary>Gets the table mapping.</summary>
    public PgModel<T> PgModel => _pg;

    /// <summary>Gets the SQL statements built so far, for tests and diagnostics.</summary>
    internal PgStatements<T> Statements => _sql;

    /// <inheritdoc />
    public async Task<T> InsertAsync(T entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var now = Timestamps.Now(_time);
        var row = Model.Clone(entity);
        Model.ApplyDefaults(row);
        Model.Validate(row);
        row.Id = row.Id == Guid.Empty ? UuidV7.Next() : row.Id;
        row.CreatedAt = now;
        Model.UpdatedAt?.SetValue(row, now);
        Normalize(row);
        try
        {
            await using var lease = await _client.LeaseAsync(cancellationToken);
            await using var command = lease.CreateCommand(_sql.Insert);
            foreach (var column in _pg.Columns)
            {
                command.Parameters.Add(column.Parameter(column.Field.GetValue(row)));
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }

        CopyInto(row, entity);
        return entity;
    }

    /// <inheritdoc />
    public async Task<T?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var lease = await _client.LeaseAsync(cancellationToken);
            await using var command = lease.CreateCommand(_sql.GetById);
            command.Parameters.Add(_pg.Id.Parameter(id));
            return await ReadOneAsync(command, cancellationToken);
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }
    }

    /// <inheritdoc />
    public async Task<T?> FindOneAsync(Filter<T> filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        try
        {
            await using var lease = await _client.LeaseAsync(cancellationToken);
            await using var command = lease.CreateCommand(_sql.FindOne(filter));
            _sql.BindFilter(command.Parameters, filter);
            return await ReadOneAsync(command, cancellationToken);
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<T>> FindManyAsync(Filter<T> filter, FindOptions<T>? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (options?.Limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Limit, "The limit must not be negative.");
        }

        try
        {
            await using var lease = await _client.LeaseAsync(cancellationToken);
            await using var command = lease.CreateCommand(_sql.FindMany(filter, options));
            _sql.BindFilter(command.Parameters, filter);
            if (options?.Limit is { } limit)
            {
                command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint, TypedValue = limit });
            }

            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(_pg.Read(reader, 0));
            }

            return rows;
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }
    }

    /// <inheritdoc />
    /// <remarks>One statement: the table JOINed with the referenced model's table (registered on the same client).</remarks>
    public async Task<Joined<T, TRef>?> FindOneWithAsync<TRef>(Filter<T> filter, Field<T> reference, CancellationToken cancellationToken = default)
        where TRef : Entity, IModel<TRef>, new()
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Kind != FieldKind.Reference || reference.ReferencedType != typeof(TRef) || !_pg.ColumnOf.TryGetValue(reference, out var column))
        {
            throw new ArgumentException($"{reference} does not reference {typeof(TRef).Name}.", nameof(reference));
        }

        var target = _client.ModelOf<TRef>();
        try
        {
            await using var lease = await _client.LeaseAsync(cancellationToken);
            await using var command = lease.CreateCommand(_sql.FindOneWith(filter, column, target));
            _sql.BindFilter(command.Parameters, filter);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new Joined<T, TRef>(_pg.Read(reader, 0), target.Read(reader, _pg.Columns.Count))
                : null;
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }
    }

    private Exception? Translate(Exception error) => PgErrors.Translate(error, _pg, _client);

    private async Task<T?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? _pg.Read(reader, 0) : null;
    }

    private void Normalize(T row)
    {
        foreach (var field in Model.AllFields)
        {
            if (field.Kind == FieldKind.Timestamp && field.GetValue(row) is DateTimeOffset time)
            {
                field.SetValue(row, Timestamps.Normalize(time));
            }
        }
    }

    private void CopyInto(T source, T target)
    {
        foreach (var field in Model.AllFields)
        {
            field.SetValue(target, field.GetValue(source));
        }
    }
}
