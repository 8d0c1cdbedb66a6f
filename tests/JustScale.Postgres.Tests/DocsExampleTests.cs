using JustScale.Core;
using JustScale.Postgres.Tests.Models;

namespace JustScale.Postgres.Tests;

/// <summary>Runs the code docs/postgres.md shows, so the page never rots.</summary>
[TestFixture]
public sealed class DocsExampleTests : PostgresFixture
{
    [Test]
    public async Task QuickStart_DocsCode_StoresAndFindsUsers()
    {
        var connectionString = Database.ConnectionString;

        // docs/postgres.md: quick start
        var pgUser = PgModel.Create<DocsUser>(new PgModelOptions { Table = "users" });
        var pgSession = PgModel.Create<DocsSession>(new PgModelOptions { Table = "sessions" });

        await using var cluster = new ClusterBuilder()
            .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = connectionString, EnsureSchemaOnStart = true }))
            .Add(PgRepository.Create(pgUser))
            .Add(PgRepository.Create(pgSession))
            .Build();
        await cluster.CompileAsync();
        await cluster.StartAsync();

        var users = cluster.Resolve<IRepository<DocsUser>>();
        var email = DocsUser.Model.Field(u => u.Email);
        var ada = await users.InsertAsync(new DocsUser { Email = "ada@example.com", PasswordHash = "..." });
        var found = await users.FindOneAsync(Filter<DocsUser>.Where(email, "ada@example.com"));
        // end of quick start

        Assert.That(found?.Id, Is.EqualTo(ada.Id));

        // docs/postgres.md: transactions
        var client = cluster.Resolve<PostgresClient>();
        var sessions = cluster.Resolve<IRepository<DocsSession>>();
        await client.TransactionAsync(async tx =>
        {
            var user = await users.InsertAsync(new DocsUser { Email = "grace@example.com", PasswordHash = "..." });
            await sessions.InsertAsync(new DocsSession
            {
                User = user,
                Token = "0f1e2d3c",
                ExpiresAt = DateTimeOffset.UtcNow.AddDays(7),
                LastActiveAt = DateTimeOffset.UtcNow,
            });
        }); // both rows or, if anything throws, neither
        // end of transactions

        // docs/postgres.md: one-round-trip join
        var token = DocsSession.Model.Field(s => s.Token);
        var user = DocsSession.Model.Field(s => s.User);
        var joined = await sessions.FindOneWithAsync<DocsUser>(Filter<DocsSession>.Where(token, "0f1e2d3c"), user);
        // joined.Entity is the session, joined.Referenced its user: SELECT ... FROM sessions t JOIN users r ON r.id = t.user_id ...
        // end of join

        Assert.That(joined?.Referenced.Email, Is.EqualTo("grace@example.com"));
    }
}
