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
/// A call that meets a pooled connection the server closed (after a restart) is retried once on a fresh one.
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
        var row = Model.PrepareInsert(entity, Timestamps.Now(_time));
        await RunAsync(PgOperation.Insert, _sql.Insert, (Self: this, Row: row), static (command, s, ct) =>
        {
            foreach (var column in s.Self._pg.Columns)
            {
                column.BindFrom(command.Parameters, s.Row);
            }

            return command.ExecuteNonQueryAsync(ct);
        }, readOnly: false, cancellationToken).ConfigureAwait(false);
        Model.CopyInto(row, entity);
        return entity;
    }

    /// <inheritdoc />
    public Task<T?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        QueryOneAsync(PgOperation.Get, _sql.GetById, (Self: this, Id: id),
            static (command, s) => command.Parameters.Add(PgParameters.Uuid(s.Id)),
            static (reader, s) => s.Self._pg.Read(reader, 0),
            cancellationToken);

    /// <inheritdoc />
    public Task<T?> FindOneAsync(Filter<T> filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return QueryOneAsync(PgOperation.Find, _sql.FindOne(filter), (Self: this, Filter: filter),
            static (command, s) => s.Self._sql.BindFilter(command.Parameters, s.Filter),
            static (reader, s) => s.Self._pg.Read(reader, 0),
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Offset is SQL OFFSET; keyset paging adds its cursor to the WHERE clause, so PostgreSQL seeks the unique index.</remarks>
    public Task<IReadOnlyList<T>> FindManyAsync(Filter<T> filter, FindOptions<T>? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        options?.Validate();
        var effective = options?.Keyset is { } keyset ? filter.With(keyset) : filter;
        return RunAsync(PgOperation.FindMany, _sql.FindMany(effective, options), (Self: this, Filter: effective, Options: options), static async (command, s, ct) =>
        {
            s.Self._sql.BindFilter(command.Parameters, s.Filter);
            if (s.Options?.Limit is { } limit)
            {
                command.Parameters.Add(PgParameters.Bigint(limit));
            }

            if (s.Options?.Offset is { } offset)
            {
                command.Parameters.Add(PgParameters.Bigint(offset));
            }

            var rows = new List<T>();
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                rows.Add(s.Self._pg.Read(reader, 0));
            }

            if (s.Options?.Reversed == true)
            {
                rows.Reverse();
            }

            return (IReadOnlyList<T>)rows;
        }, readOnly: true, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>One statement: the table JOINed with the referenced model's table (registered on the same client).</remarks>
    public Task<Joined<T, TRef>?> FindOneWithAsync<TRef>(Filter<T> filter, Field<T> reference, CancellationToken cancellationToken = default)
        where TRef : Entity, IModel<TRef>, new()
    {
        ArgumentNullException.ThrowIfNull(filter);
        var column = ReferenceColumn<TRef>(reference);
        var target = _client.ModelOf<TRef>();
        return QueryOneAsync(PgOperation.FindWith, _sql.FindOneWith(filter, column, target), (Self: this, Filter: filter, Target: target),
            static (command, s) => s.Self._sql.BindFilter(command.Parameters, s.Filter),
            static (reader, s) => new Joined<T, TRef>(s.Self._pg.Read(reader, 0), s.Target.Read(reader, s.Self._pg.Columns.Length)),
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>One statement: the table JOINed with the referenced model's table (registered on the same client).</remarks>
    public Task<IReadOnlyList<Joined<T, TRef>>> FindManyWithAsync<TRef>(Filter<T> filter, Field<T> reference, CancellationToken cancellationToken = default)
        where TRef : Entity, IModel<TRef>, new()
    {
        ArgumentNullException.ThrowIfNull(filter);
        var column = ReferenceColumn<TRef>(reference);
        var target = _client.ModelOf<TRef>();
        return RunAsync(PgOperation.FindManyWith, _sql.FindManyWith(filter, column, target), (Self: this, Filter: filter, Target: target), static async (command, s, ct) =>
        {
            s.Self._sql.BindFilter(command.Parameters, s.Filter);
            var rows = new List<Joined<T, TRef>>();
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                rows.Add(new Joined<T, TRef>(s.Self._pg.Read(reader, 0), s.Target.Read(reader, s.Self._pg.Columns.Length)));
            }

            return (IReadOnlyList<Joined<T, TRef>>)rows;
        }, readOnly: true, cancellationToken);
    }

    // The column of a reference field to TRef, or ArgumentException.
    private PgColumn<T> ReferenceColumn<TRef>(Field<T> reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return reference.Kind == FieldKind.Reference && reference.ReferencedType == typeof(TRef) && _pg.ColumnOf.TryGetValue(reference, out var column)
            ? column
            : throw new ArgumentException($"{reference} does not reference {typeof(TRef).Name}.", nameof(reference));
    }

    /// <summary>Runs one statement on a lent connection, as one activity; retries once on a stale pooled connection; translates errors.</summary>
    private async Task<TResult> RunAsync<TState, TResult>(
        PgOperation operation, string sql, TState state, Func<NpgsqlCommand, TState, CancellationToken, Task<TResult>> run, bool readOnly, CancellationToken cancellationToken)
    {
        using var activity = StartActivity(operation);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var pooled = false;
                try
                {
                    var lease = await _client.LeaseAsync(cancellationToken).ConfigureAwait(false);
                    await using var leaseScope = lease.ConfigureAwait(false);
                    pooled = !lease.InTransaction;
                    var command = lease.CreateCommand(sql);
                    await using var commandScope = command.ConfigureAwait(false);
                    return await run(command, state, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (attempt == 1 && pooled && PgErrors.IsStaleConnection(ex, readOnly))
                {
                    _client.OnUnavailable(ex);
                }
                catch (Exception ex) when (attempt == 1 && pooled && PostgresClient.IsLostPreparedStatement(ex))
                {
                    _client.OnLostPreparedStatement(ex); // the statement did not run: retried once, unprepared
                }
                catch (Exception ex) when (PgErrors.Translate(ex, _pg, _client) is { } translated)
                {
                    throw translated;
                }
            }
        }
        catch (Exception ex) when (Failed(activity, ex))
        {
            throw; // unreachable: the filter only records the failure
        }
    }

    /// <summary>Reads at most one row: like <see cref="RunAsync"/>, but binding and reading are synchronous callbacks, so the
    /// whole call is one async frame (the lookup behind every authenticated request goes through here).</summary>
    private async Task<TResult?> QueryOneAsync<TState, TResult>(
        PgOperation operation, string sql, TState state, Action<NpgsqlCommand, TState> bind, Func<NpgsqlDataReader, TState, TResult> read, CancellationToken cancellationToken)
        where TResult : class
    {
        using var activity = StartActivity(operation);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var pooled = false;
                try
                {
                    var lease = await _client.LeaseAsync(cancellationToken).ConfigureAwait(false);
                    await using var leaseScope = lease.ConfigureAwait(false);
                    pooled = !lease.InTransaction;
                    var command = lease.CreateCommand(sql);
                    await using var commandScope = command.ConfigureAwait(false);
                    bind(command, state);
                    var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
                    await using var readerScope = reader.ConfigureAwait(false);
                    return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? read(reader, state) : null;
                }
                catch (Exception ex) when (attempt == 1 && pooled && PgErrors.IsStaleConnection(ex, readOnly: true))
                {
                    _client.OnUnavailable(ex);
                }
                catch (Exception ex) when (attempt == 1 && pooled && PostgresClient.IsLostPreparedStatement(ex))
                {
                    _client.OnLostPreparedStatement(ex); // the statement did not run: retried once, unprepared
                }
                catch (Exception ex) when (PgErrors.Translate(ex, _pg, _client) is { } translated)
                {
                    throw translated;
                }
            }
        }
        catch (Exception ex) when (Failed(activity, ex))
        {
            throw; // unreachable: the filter only records the failure
        }
    }
}
