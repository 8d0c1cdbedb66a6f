using JustScale.Core;
using JustScale.Postgres;

namespace JustScale.Auth.Tests.Support;

/// <summary>Adds the docs' PostgreSQL storage for the auth models to a cluster: users and sessions tables.</summary>
public static class PostgresStore
{
    public static ClusterBuilder Add(ClusterBuilder builder, string connectionString)
    {
        var pgUser = PgModel.Create<User>(new PgModelOptions { Table = "users" });
        var pgSession = PgModel.Create<Session>(new PgModelOptions { Table = "sessions" });
        return builder
            .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = connectionString, EnsureSchemaOnStart = true }))
            .Add(PgRepository.Create(pgUser))
            .Add(PgRepository.Create(pgSession));
    }
}
