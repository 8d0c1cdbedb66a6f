using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JustScale.Postgres;

/// <summary>Reports whether PostgreSQL answers: one <c>SELECT 1</c> through the cluster's <see cref="PostgresClient"/> pool.</summary>
/// <remarks>
/// Unhealthy when the query fails or takes longer than the timeout (5 s by default), so a stopped or frozen server is reported
/// within seconds; healthy again on the first answer, without a restart. The report's description names the failure's
/// type only: Npgsql's messages hold hosts, ports and user names. The client logs the check's changes of state (one warning
/// when it fails, one line when it answers again), not every failed check: a balancer probes every second.
/// </remarks>
public sealed class PostgresHealthCheck(PostgresClient client, TimeSpan? timeout = null) : IHealthCheck
{
    private readonly PostgresClient _client = client ?? throw new ArgumentNullException(nameof(client));
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(5);

    /// <summary>Runs <c>SELECT 1</c> and reports the outcome.</summary>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            var command = _client.Pool.CreateCommand("SELECT 1");
            await using var commandScope = command.ConfigureAwait(false);
            await command.ExecuteScalarAsync(deadline.Token).ConfigureAwait(false);
            _client.OnHealthChecked(context.Registration.Name, null);
            return HealthCheckResult.Healthy("PostgreSQL answers");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(context, $"PostgreSQL did not answer within {_timeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The type only: Npgsql's messages name hosts, ports and users, which a detailed health writer would publish.
            return Failed(context, $"PostgreSQL does not answer ({ex.GetType().Name})");
        }
    }

    private HealthCheckResult Failed(HealthCheckContext context, string description)
    {
        _client.OnHealthChecked(context.Registration.Name, description);
        return new HealthCheckResult(context.Registration.FailureStatus, description);
    }
}
