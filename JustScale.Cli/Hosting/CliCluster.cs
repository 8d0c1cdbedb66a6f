using JustScale.Auth;
using JustScale.Auth.SignIn;
using JustScale.Auth.Tokens;
using JustScale.Core;
using JustScale.Permissions;
using JustScale.Postgres;
using JustScale.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace JustScale.Cli;

/// <summary>Builds and starts a JustScale cluster on the app's PostgreSQL database: the same models, tables and services the complete example registers.</summary>
/// <remarks>
/// The tables are the example's (<c>users</c>, <c>sessions</c>, ...), with the same change notifications, so the triggers that
/// tell running instances about a changed user or a deleted session are the ones the CLI's writes fire: a session revoked here
/// is refused by every instance's session cache at once. No schema is changed unless <c>migrate</c> asks; no background work
/// (session or audit sweeps, change feed, webhook deliveries, rate limits) runs: of the cluster's services only the
/// <see cref="PostgresClient"/> is started.
/// </remarks>
internal static class CliCluster
{
    /// <summary>The audit trail's table in the complete example.</summary>
    public const string AuditTable = "audit_events";

    /// <summary>The webhooks' outbox table in the complete example.</summary>
    public const string WebhookTable = "webhook_deliveries";

    /// <summary>Builds, compiles and starts the cluster; the caller disposes it.</summary>
    public static async Task<Cluster> StartAsync(CliSettings settings, IConfiguration configuration, CliParts parts, CancellationToken cancellationToken)
    {
        var builder = new ClusterBuilder()
            .ConfigureServices(services => services.AddSingleton(configuration)) // JustScale:Audit and the rest, as the app reads them
            .ConfigureLogging(logging => logging
                .SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.None) // a ring it cannot read is reported once, as the command's error
                .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace))
            .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = settings.ConnectionString }));
        AddModels(builder);
        var schema = parts.HasFlag(CliParts.Schema);
        var audited = schema || await HasTableAsync(settings.ConnectionString, AuditTable, cancellationToken).ConfigureAwait(false);
        if (parts.HasFlag(CliParts.Audit) && !audited)
        {
            throw new CliException($"This database has no audit trail (no table {AuditTable}): the app does not record one yet. 'justscale migrate' creates it.");
        }

        if (audited)
        {
            // Like the app, the CLI's bans, revokes and role changes are recorded in the transaction of the change.
            builder.Add(PgRepository.Create(PgModel.Create<AuditEntry>(new PgModelOptions { Table = AuditTable }))).Add(new AuditFeature());
        }

        if (schema || await HasTableAsync(settings.ConnectionString, WebhookTable, cancellationToken).ConfigureAwait(false))
        {
            // The webhooks' outbox, written in the same transactions for the endpoints of JustScale:Webhooks; the app's
            // instances deliver them (this process never starts a dispatcher: see below).
            builder.Add(PgRepository.Create(PgModel.Create<WebhookDelivery>(new PgModelOptions { Table = WebhookTable }))).Add(new WebhooksFeature());
        }

        builder.Add(new AuthFeature(options =>
        {
            options.Bind(settings.Auth);            // the app's JustScale:Auth: password policy, admins, session lifetime
            options.SweepInterval = null;            // the app sweeps; a CLI run does not
            options.RateLimits = AuthRateLimitOptions.Off();
        }));
        if (parts.HasFlag(CliParts.Tokens))
        {
            builder.Add(new TokensFeature(tokens => tokens.AddAuthenticationScheme = false));
        }

        if (parts.HasFlag(CliParts.Secrets))
        {
            var key = settings.EncryptionKey ?? throw new CliException(
                "The secrets' key ring is encrypted with JustScale:Secrets:EncryptionKey: set JustScale__Secrets__EncryptionKey to the key the app runs with.");
            builder.Add(new AuthEndpointsFeature(account =>
            {
                account.SecurityNotices = false;
                account.TwoFactor = new TwoFactorOptions { KeyEncryptionKey = key };
                foreach (var previous in settings.PreviousEncryptionKeys)
                {
                    account.TwoFactor.PreviousKeyEncryptionKeys.Add(previous);
                }
            }));
        }

        var cluster = builder.Build();
        try
        {
            // Only the client is started (the connection check, the pooler's detection): no sweeper, no webhook dispatcher,
            // no background work of any kind runs in a CLI process, which exits as soon as its command is done.
            await cluster.CompileAsync(cancellationToken).ConfigureAwait(false);
            await ((IClusterLifecycle)cluster.Resolve<PostgresClient>()).OnStartAsync(cancellationToken).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // The complete example's tables (examples/CompleteExample/ExampleApp.cs), its own Project model aside: migrations made by
    // either agree, and the CLI's writes fire the triggers the example's caches listen to.
    private static void AddModels(ClusterBuilder builder) => builder
        .Add(PgRepository.Create(PgModel.Create<User>(new PgModelOptions { Table = "users" }).WithChangeNotifications()))
        .Add(PgRepository.Create(PgModel.Create<Session>(new PgModelOptions { Table = "sessions" }).WithChangeNotifications(nameof(Session.LastActiveAt))))
        .Add(PgRepository.Create(PgModel.Create<AuthToken>(new PgModelOptions { Table = "auth_tokens" })))
        .Add(PgRepository.Create(PgModel.Create<TwoFactorSecret>(new PgModelOptions { Table = "two_factor_secrets" })))
        .Add(PgRepository.Create(PgModel.Create<RecoveryCode>(new PgModelOptions { Table = "recovery_codes" })))
        .Add(PgRepository.Create(PgModel.Create<TwoFactorTicket>(new PgModelOptions { Table = "two_factor_tickets" })))
        .Add(PgRepository.Create(PgModel.Create<KeyRingEntry>(new PgModelOptions { Table = "data_protection_keys" })))
        .Add(PgRepository.Create(PgModel.Create<Organization>(new PgModelOptions { Table = "organizations" })))
        .Add(PgRepository.Create(PgModel.Create<Membership>(new PgModelOptions { Table = "memberships" }).WithChangeNotifications()))
        .Add(PgRepository.Create(PgModel.Create<Invitation>(new PgModelOptions { Table = "invitations" })))
        .Add(PgRepository.Create(PgModel.Create<PermissionGrant>(new PgModelOptions { Table = "permission_grants" })))
        .Add(PgRepository.Create(PgModel.Create<SignInCeremony>(new PgModelOptions { Table = "sign_in_ceremonies" })))
        .Add(PgRepository.Create(PgModel.Create<PasskeyCredential>(new PgModelOptions { Table = "passkey_credentials" })))
        .Add(PgRepository.Create(PgModel.Create<ExternalLogin>(new PgModelOptions { Table = "external_logins" })))
        .Add(PgRepository.Create(PgModel.Create<SigningKey>(new PgModelOptions { Table = "signing_keys" })))
        .Add(PgRepository.Create(PgModel.Create<UserApiKey>(new PgModelOptions { Table = "api_keys" })));

    // An app without the audit trail has no table for it: the CLI's writes would fail there rather than record.
    private static async Task<bool> HasTableAsync(string connectionString, string table, CancellationToken cancellationToken)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (dataSource.ConfigureAwait(false))
        {
            var command = dataSource.CreateCommand("SELECT to_regclass($1) IS NOT NULL");
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table });
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
            }
        }
    }
}
