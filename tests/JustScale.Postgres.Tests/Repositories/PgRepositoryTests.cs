using JustScale.Core;
using JustScale.Postgres.Tests.Models;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace JustScale.Postgres.Tests.Repositories;

/// <summary>Checks what is specific to PostgreSQL: constraints under concurrency, error translation, SQL shape and index use.</summary>
[TestFixture]
public sealed class PgRepositoryTests : PostgresFixture
{
    private static readonly Field<DocsUser, string> Email = DocsUser.Model.Field(u => u.Email);
    private static readonly Field<DocsSession, string> Token = DocsSession.Model.Field(s => s.Token);
    private static readonly Field<DocsSession, Reference<DocsUser>> SessionUser = DocsSession.Model.Field(s => s.User);
    private Cluster _cluster = null!;
    private IRepository<DocsUser> _users = null!;
    private IRepository<DocsSession> _sessions = null!;

    [SetUp]
    public async Task StartCluster()
    {
        _cluster = await StartClusterAsync(new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)));
        _users = _cluster.Resolve<IRepository<DocsUser>>();
        _sessions = _cluster.Resolve<IRepository<DocsSession>>();
    }

    [TearDown]
    public async Task StopCluster() => await _cluster.DisposeAsync();

    [Test]
    public async Task Insert_FiftyParallelInsertsOfOneEmail_OneRowAndFortyNineUniqueErrors()
    {
        var email = $"race-{Guid.NewGuid():N}@example.com";

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            try
            {
                await _users.InsertAsync(NewUser(email));
                return null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        }));

        Assert.That(outcomes.Count(e => e is null), Is.EqualTo(1));
        Assert.That(outcomes.OfType<UniqueConstraintException>().Count(e => e.Field == "Email" && e.Model == "User"), Is.EqualTo(49));
        Assert.That(await _users.CountAsync(Filter<DocsUser>.Where(Email, email)), Is.EqualTo(1));
    }

    [Test]
    public async Task Insert_DuplicateToken_UniqueErrorNamesTokenNotValue()
    {
        var user = await _users.InsertAsync(NewUser());
        var token = Guid.NewGuid().ToString("N");
        await _sessions.InsertAsync(NewSession(user, token));

        var error = Assert.ThrowsAsync<UniqueConstraintException>(() => _sessions.InsertAsync(NewSession(user, token)));

        Assert.That((error!.Model, error.Field), Is.EqualTo(("Session", "Token")));
        Assert.That(error.Message, Does.Not.Contain(token));
        Assert.That(error.InnerException, Is.InstanceOf<PostgresException>());
    }

    [Test]
    public void Insert_SessionOfMissingUser_ReferenceErrorNamesField()
    {
        var ghost = new DocsUser { Id = Guid.NewGuid() };

        var error = Assert.ThrowsAsync<ReferenceConstraintException>(() => _sessions.InsertAsync(NewSession(ghost, "t-ghost")));

        Assert.That((error!.Model, error.Field), Is.EqualTo(("Session", "User")));
    }

    [Test]
    public async Task FindOneWith_SessionAndUser_OneJoinStatement()
    {
        var user = await _users.InsertAsync(NewUser());
        var token = Guid.NewGuid().ToString("N");
        await _sessions.InsertAsync(NewSession(user, token));
        var filter = Filter<DocsSession>.Where(Token, token);

        var joined = await _sessions.FindOneWithAsync<DocsUser>(filter, SessionUser);

        Assert.That(joined!.Referenced.Email, Is.EqualTo(user.Email));
        Assert.That(joined.Entity.User.Id, Is.EqualTo(user.Id));
        var sql = Repository.Statements.FindOneWith(filter, PgSession.ColumnOf[SessionUser], PgUser);
        Assert.That(sql, Does.Contain("FROM sessions t JOIN users r ON r.id = t.user_id WHERE t.token = $1"));
    }

    [Test]
    public void Statements_SameFilterShape_BuiltOnce()
    {
        var first = Repository.Statements.FindOne(Filter<DocsSession>.Where(Token, "a"));
        var second = Repository.Statements.FindOne(Filter<DocsSession>.Where(Token, "b"));
        var nullShape = Repository.Statements.FindOne(Filter<DocsSession>.Where(DocsSession.Model.Field(s => s.UserAgent), null));

        Assert.That(ReferenceEquals(first, second), Is.True);
        Assert.That(first, Is.EqualTo($"SELECT {PgSession.SelectList} FROM sessions WHERE token = $1 LIMIT 1"));
        Assert.That(nullShape, Does.Contain("WHERE user_agent IS NULL"));
    }

    [Test]
    public void FindOne_UniqueOrIdEquality_NoOrderByElseFirstCreated()
    {
        var byToken = Repository.Statements.FindOneWith(Filter<DocsSession>.Where(Token, "a"), PgSession.ColumnOf[SessionUser], PgUser);
        var byId = Repository.Statements.FindOne(Filter<DocsSession>.Where(DocsSession.Model.Id, Guid.Empty));
        var byUser = Repository.Statements.FindOne(Filter<DocsSession>.Where(SessionUser, Guid.Empty));
        var tokenNotEqual = Repository.Statements.FindOne(Filter<DocsSession>.Where(Token, Comparison.NotEqual, "a"));
        var byUserWith = Repository.Statements.FindOneWith(Filter<DocsSession>.Where(SessionUser, Guid.Empty), PgSession.ColumnOf[SessionUser], PgUser);

        Assert.That(byToken, Does.EndWith("WHERE t.token = $1 LIMIT 1"));
        Assert.That(byId, Does.EndWith("WHERE id = $1 LIMIT 1"));
        Assert.That(byUser, Does.EndWith("WHERE user_id = $1 ORDER BY created_at, id LIMIT 1"));
        Assert.That(tokenNotEqual, Does.EndWith("ORDER BY created_at, id LIMIT 1"));
        Assert.That(byUserWith, Does.EndWith("WHERE t.user_id = $1 ORDER BY t.created_at, t.id LIMIT 1"));
    }

    [Test]
    public void DeleteWhere_WithLimit_DeletesThroughIdSubquery()
    {
        var sql = Repository.Statements.DeleteWhere(Filter<DocsSession>.Where(DocsSession.Model.Field(s => s.ExpiresAt), Comparison.LessThan, DateTimeOffset.UnixEpoch), limited: true);

        Assert.That(sql, Is.EqualTo("DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at < $1 LIMIT $2)"));
    }

    [Test]
    public async Task DeleteWhere_WithLimit_PlanStopsAtTheLimitWithoutSorting()
    {
        await ExecuteAsync("""
            INSERT INTO users (email, password_hash) VALUES ('purge@example.com', 'h') ON CONFLICT DO NOTHING;
            INSERT INTO sessions (user_id, token, expires_at, last_active_at)
              SELECT (SELECT id FROM users WHERE email = 'purge@example.com'), md5(random()::text || g), NOW() - interval '1 day', NOW()
              FROM generate_series(1, 5000) g;
            ANALYZE users; ANALYZE sessions;
            """);
        var filter = Filter<DocsSession>.Where(DocsSession.Model.Field(s => s.ExpiresAt), Comparison.LessThanOrEqual, DateTimeOffset.UtcNow);
        await using var connection = await Database.OpenConnectionAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN " + Repository.Statements.DeleteWhere(filter, limited: true), connection);
        Repository.Statements.BindFilter(explain.Parameters, filter);
        explain.Parameters.Add(new NpgsqlParameter<long> { TypedValue = 1000 });

        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        // A sort would read every expired row for each batch, so purging n rows in batches would take time in n squared.
        Assert.That(string.Join('\n', plan), Does.Contain("Limit"));
        Assert.That(string.Join('\n', plan), Does.Not.Contain("Sort"));
    }

    [Test]
    public async Task FindOne_ByUniqueToken_PlanUsesTheIndex()
    {
        await ExecuteAsync("""
            INSERT INTO users (email, password_hash) SELECT 'bulk' || g || '@example.com', 'h' FROM generate_series(1, 200) g ON CONFLICT DO NOTHING;
            INSERT INTO sessions (user_id, token, expires_at, last_active_at)
              SELECT (SELECT id FROM users ORDER BY email LIMIT 1), md5(random()::text || g), NOW(), NOW() FROM generate_series(1, 5000) g;
            ANALYZE users; ANALYZE sessions;
            """);
        var filter = Filter<DocsSession>.Where(Token, "0123456789abcdef0123456789abcdef");
        await using var connection = await Database.OpenConnectionAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN " + Repository.Statements.FindOne(filter), connection);
        Repository.Statements.BindFilter(explain.Parameters, filter);

        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.That(string.Join('\n', plan), Does.Match("Index Scan using (sessions_token_key|idx_sessions_token) on sessions"));
        Assert.That(string.Join('\n', plan), Does.Not.Contain("Seq Scan"));
    }

    [Test]
    public async Task Update_OptionalFieldToNull_StoresNull()
    {
        var user = NewUser();
        user.Name = "Ada";
        await _users.InsertAsync(user);

        user.Name = null;
        await _users.UpdateAsync(user);

        await using var connection = await Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT name IS NULL FROM users WHERE id = $1", connection) { Parameters = { new() { Value = user.Id } } };
        Assert.That(await command.ExecuteScalarAsync(), Is.True);
    }

    private PgRepository<DocsSession> Repository => (PgRepository<DocsSession>)_sessions;

    private static DocsSession NewSession(DocsUser user, string token) => new()
    {
        User = user,
        Token = token,
        ExpiresAt = DateTimeOffset.UtcNow.AddDays(7),
        LastActiveAt = DateTimeOffset.UtcNow,
    };
}
