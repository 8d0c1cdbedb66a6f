using JustScale.Core;
using JustScale.Postgres.Tests.Models;
using JustScale.Testing;
using Microsoft.EntityFrameworkCore;

namespace JustScale.Postgres.Tests.EntityFramework;

/// <summary>EF Core in the same PostgreSQL transaction as a JustScale unit of work: one commit commits both, a rollback loses
/// both; and EnsureCreated, which does nothing next to JustScale's tables.</summary>
[TestFixture]
public sealed class EfCoreUnitOfWorkTests : PostgresFixture
{
    private Cluster _cluster = null!;
    private PostgresClient _client = null!;
    private IRepository<DocsUser> _users = null!;
    private IUnitOfWork _unitOfWork = null!;

    [OneTimeSetUp]
    public async Task CreateAuditTable()
    {
        await using var db = NewContext(Database.ConnectionString);
        await db.Database.ExecuteSqlRawAsync(db.Database.GenerateCreateScript());
    }

    [SetUp]
    public async Task StartCluster()
    {
        _cluster = await StartClusterAsync(TimeProvider.System);
        _client = _cluster.Resolve<PostgresClient>();
        _users = _cluster.Resolve<IRepository<DocsUser>>();
        _unitOfWork = _cluster.Resolve<IUnitOfWork>();
    }

    [TearDown]
    public async Task StopCluster()
    {
        await _cluster.DisposeAsync();   // disposes the client too
        await _client.DisposeAsync();
    }

    [Test]
    public async Task UnitOfWork_Committed_CommitsTheRepositoryAndTheDbContextWrites()
    {
        var users = _users;
        var client = _client;
        var unitOfWork = _unitOfWork;
        await using var db = NewContext(Database.ConnectionString);
        DocsUser user;

        await using (var unit = await unitOfWork.BeginAsync())
        {
            user = await users.InsertAsync(new DocsUser { Email = "ada@example.com", PasswordHash = "hash" });
            var tx = await client.CurrentTransactionAsync();      // this client's transaction in the unit of work
            db.Database.SetDbConnection(tx.Connection);           // EF Core runs on its connection...
            await db.Database.UseTransactionAsync(tx.Transaction); // ...inside its transaction
            db.AuditEntries.Add(new AuditEntry { Action = "registered", UserId = user.Id });
            await db.SaveChangesAsync();
            await unit.CommitAsync();                              // commits both, or neither
        }

        Assert.That(await _users.GetAsync(user.Id), Is.Not.Null);
        await using var check = NewContext(Database.ConnectionString);
        Assert.That(await check.AuditEntries.Where(a => a.UserId == user.Id).Select(a => a.Action).ToListAsync(), Is.EqualTo(new[] { "registered" }));
    }

    [Test]
    public async Task UnitOfWork_ThrowsAfterBothWrote_RollsBackTheRepositoryAndTheDbContextWrites()
    {
        var user = NewUser();
        await using var db = NewContext(Database.ConnectionString);

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => _unitOfWork.RunAsync(async cancellationToken =>
        {
            await _users.InsertAsync(user, cancellationToken);
            var tx = await _client.CurrentTransactionAsync(cancellationToken);
            db.Database.SetDbConnection(tx.Connection);
            await db.Database.UseTransactionAsync(tx.Transaction, cancellationToken);
            db.AuditEntries.Add(new AuditEntry { Action = "registered", UserId = user.Id });
            await db.SaveChangesAsync(cancellationToken);
            Assert.That(await db.AuditEntries.CountAsync(a => a.UserId == user.Id, cancellationToken), Is.EqualTo(1), "written, inside the transaction");
            throw new InvalidOperationException("the handler failed after both wrote");
        }));

        Assert.That(error!.Message, Is.EqualTo("the handler failed after both wrote"));
        Assert.That(await _users.GetAsync(user.Id), Is.Null);
        await using var check = NewContext(Database.ConnectionString);
        Assert.That(await check.AuditEntries.CountAsync(a => a.UserId == user.Id), Is.Zero);
    }

    [Test]
    public async Task UnitOfWork_DisposedWithoutCommit_LosesTheDbContextWriteToo()
    {
        var user = NewUser();
        user.Id = Guid.NewGuid(); // the audit entry is written before the user
        await using var db = NewContext(Database.ConnectionString);

        await using (await _unitOfWork.BeginAsync())
        {
            var tx = await _client.CurrentTransactionAsync();   // begun here: EF Core writes first
            db.Database.SetDbConnection(tx.Connection);
            await db.Database.UseTransactionAsync(tx.Transaction);
            db.AuditEntries.Add(new AuditEntry { Action = "abandoned", UserId = user.Id });
            await db.SaveChangesAsync();
            await _users.InsertAsync(user);
            Assert.That(await db.AuditEntries.CountAsync(a => a.UserId == user.Id), Is.EqualTo(1), "written, inside the transaction");
        }

        Assert.That(await _users.GetAsync(user.Id), Is.Null);
        await using var check = NewContext(Database.ConnectionString);
        Assert.That(await check.AuditEntries.CountAsync(a => a.UserId == user.Id), Is.Zero);
    }

    [Test]
    public async Task CurrentTransaction_InsideTransactionAsync_IsThatTransaction()
    {
        var user = NewUser();
        user.Id = Guid.NewGuid(); // the audit entry is written before the user
        await using var db = NewContext(Database.ConnectionString);

        await _client.TransactionAsync(async outer =>
        {
            var tx = await _client.CurrentTransactionAsync();
            Assert.That(tx, Is.SameAs(outer));
            db.Database.SetDbConnection(tx.Connection);
            await db.Database.UseTransactionAsync(tx.Transaction);
            db.AuditEntries.Add(new AuditEntry { Action = "explicit", UserId = user.Id });
            await db.SaveChangesAsync();
            await _users.InsertAsync(user);
        });

        Assert.That(await _users.GetAsync(user.Id), Is.Not.Null);
        await using var check = NewContext(Database.ConnectionString);
        Assert.That(await check.AuditEntries.CountAsync(a => a.UserId == user.Id), Is.EqualTo(1));
    }

    [Test]
    public void CurrentTransaction_NoUnitOfWork_FailsSayingWhereToCallIt()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => _client.CurrentTransactionAsync());

        Assert.That(error!.Message, Does.Contain("inside a unit of work").And.Contain("TransactionAsync"));
    }

    [Test]
    public async Task EnsureCreated_NextToJustScalesTables_CreatesNothingWhereTheCreateScriptDoes()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync("efcore");
        await using (var cluster = new ClusterBuilder()
            .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = database.ConnectionString, EnsureSchemaOnStart = true }))
            .Add(PgRepository.Create(PgUser))
            .Add(PgRepository.Create(PgSession))
            .Build())
        {
            await cluster.CompileAsync();
            await cluster.StartAsync();
        }

        await using var db = NewContext(database.ConnectionString);
        var created = await db.Database.EnsureCreatedAsync();

        Assert.That(created, Is.False, "EnsureCreated sees JustScale's tables and returns without creating EF Core's");
        Assert.That(async () => await db.AuditEntries.CountAsync(), Throws.InstanceOf<Npgsql.PostgresException>().With.Property("SqlState").EqualTo("42P01"));

        await db.Database.ExecuteSqlRawAsync(db.Database.GenerateCreateScript());

        Assert.That(await db.AuditEntries.CountAsync(), Is.Zero);
    }

    private static AuditDbContext NewContext(string connectionString) =>
        new(new DbContextOptionsBuilder<AuditDbContext>().UseNpgsql(connectionString).Options);
}
