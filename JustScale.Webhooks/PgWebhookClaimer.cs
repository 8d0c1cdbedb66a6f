using JustScale.Core;
using JustScale.Postgres;
using Npgsql;

namespace JustScale.Webhooks;

/// <summary>Claims on PostgreSQL in one statement: <c>UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING id</c>.</summary>
/// <remarks>Instances polling together never wait on nor take each other's rows: a row one claim has locked is skipped by the
/// other, and once the statement commits its <c>locked_until</c> keeps it out of every claim until the attempt is over.</remarks>
internal sealed class PgWebhookClaimer(PostgresClient client, PgModel<WebhookDelivery> model, IRepository<WebhookDelivery> deliveries) : IWebhookClaimer
{
    /// <summary>Gets the claim statement, for the docs and tests.</summary>
    public string Sql { get; } = ClaimSql(model);

    public async Task<IReadOnlyList<WebhookDelivery>> ClaimAsync(DateTimeOffset now, DateTimeOffset lockedUntil, int limit, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>(limit);
        var command = client.DataSource.CreateCommand(Sql);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = lockedUntil });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    ids.Add(reader.GetFieldValue<Guid>(0));
                }
            }
        }

        return ids.Count == 0 ? [] : await deliveries.FindManyAsync(Filter<WebhookDelivery>.In(WebhookFields.Id, ids), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static string ClaimSql(PgModel<WebhookDelivery> model)
    {
        var table = Quote(model.Table);
        var (id, status, next, locked, attempts) = (
            Quote(model.ColumnName(WebhookFields.Id)), Quote(model.ColumnName(WebhookFields.Status)), Quote(model.ColumnName(WebhookFields.NextAttemptAt)),
            Quote(model.ColumnName(WebhookFields.LockedUntil)), Quote(model.ColumnName(WebhookFields.Attempts)));
        return $"""
            UPDATE {table} SET {locked} = $1, {attempts} = {attempts} + 1
            WHERE {id} IN (
                SELECT {id} FROM {table}
                WHERE {status} = 'pending' AND {next} <= $2 AND ({locked} IS NULL OR {locked} <= $2)
                ORDER BY {next} LIMIT $3
                FOR UPDATE SKIP LOCKED)
            RETURNING {id}
            """;
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
