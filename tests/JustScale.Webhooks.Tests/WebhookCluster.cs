using JustScale.Auth;
using JustScale.Core;
using JustScale.Postgres;

namespace JustScale.Webhooks.Tests;

/// <summary>Builds a started cluster with auth and webhooks on a PostgreSQL database (a connection string) or the in-memory store (null).</summary>
public static class WebhookCluster
{
    public static async Task<Cluster> StartAsync(string? connectionString, Action<WebhooksOptions> configure, Action<AuthOptions>? auth = null)
    {
        var builder = new ClusterBuilder().Add(new AuthFeature(options => auth?.Invoke(options))).Add(new WebhooksFeature(configure));
        if (connectionString is null)
        {
            builder.Add(InMemoryRepository.For<User>()).Add(InMemoryRepository.For<Session>()).Add(InMemoryRepository.For<WebhookDelivery>());
        }
        else
        {
            builder
                .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = connectionString, EnsureSchemaOnStart = true }))
                .Add(PgRepository.Create(PgModel.Create<User>(new PgModelOptions { Table = "users" })))
                .Add(PgRepository.Create(PgModel.Create<Session>(new PgModelOptions { Table = "sessions" })))
                .Add(PgRepository.Create(PgModel.Create<WebhookDelivery>(new PgModelOptions { Table = "webhook_deliveries" })));
        }

        var cluster = builder.Build();
        await cluster.CompileAsync();
        await cluster.StartAsync();
        return cluster;
    }
}
