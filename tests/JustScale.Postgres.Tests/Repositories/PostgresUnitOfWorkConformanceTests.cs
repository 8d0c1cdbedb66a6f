using JustScale.Core;
using JustScale.Testing;
using Npgsql;

namespace JustScale.Postgres.Tests.Repositories;

/// <summary>Runs the unit-of-work conformance suite, unchanged, on PostgreSQL; adds what only a server can do (a connection killed mid-transaction).</summary>
[TestFixture]
public sealed class PostgresUnitOfWorkConformanceTests : UnitOfWorkConformanceTests
{
    private static readonly PgModel<Account> PgAccount = PgModel.Create<Account>(new PgModelOptions { Table = "accounts" });
    private static readonly PgModel<Ticket> PgTicket = PgModel.Create<Ticket>(new PgModelOptions { Table = "tickets" });
    private static readonly PgModel<Item> PgItem = PgModel.Create<Item>(new PgModelOptions { Table = "items" });
    private TestDatabase _database = null!;
    private Cluster? _cluster;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _database = await TestPostgres.CreateDatabaseAsync(nameof(PostgresUnitOfWorkConformanceTests));
        await using var cluster = Build(TimeProvider.System, ensureSchema: true);
        await cluster.CompileAsync();
        await cluster.StartAsync();
    }

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [TearDown]
    public async Task DisposeCluster()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Test]
    public async Task Fault_ConnectionKilledMidTransaction_503AndNothingHalfWritten()
    {
        var accounts = _cluster!.Resolve<IRepository<Account>>();
        var committed = await accounts.InsertAsync(new Account { Email = "committed@example.com" });

        Assert.ThrowsAsync<DatabaseUnavailableException>(() => UnitOfWork.RunAsync(async ct =>
        {
            await accounts.InsertAsync(new Account { Email = "half@example.com" }, ct);
            await TerminateIdleInTransactionAsync();
            await accounts.InsertAsync(new Account { Email = "second@example.com" }, ct);
        }));

        var emails = await accounts.FindManyAsync(Filter<Account>.All);
        Assert.That(emails.Select(a => a.Email), Is.EqualTo(new[] { "committed@example.com" }));
        Assert.That(emails[0].Id, Is.EqualTo(committed.Id));
    }

    [Test]
    public async Task Transaction_ManyStatements_UseOneConnection()
    {
        var accounts = _cluster!.Resolve<IRepository<Account>>();
        var pids = new HashSet<int>();
        await UnitOfWork.RunAsync(async ct =>
        {
            for (var i = 0; i < 5; i++)
            {
                await accounts.InsertAsync(new Account { Email = $"a{i}@example.com" }, ct);
                pids.Add(await IdleInTransactionBackendAsync());
            }
        });

        Assert.That(pids, Has.Count.EqualTo(1), "every statement ran on the transaction's connection (one backend held the row locks)");
    }

    [Test]
    public async Task TransactionAsync_InsideUnitOfWork_JoinsItAsASavepoint()
    {
        var client = _cluster!.Resolve<PostgresClient>();
        var accounts = _cluster.Resolve<IRepository<Account>>();

        await using (await UnitOfWork.BeginAsync())
        {
            await accounts.InsertAsync(new Account { Email = "outer@example.com" });
            await client.TransactionAsync(async _ => await accounts.InsertAsync(new Account { Email = "inner@example.com" }));
            Assert.ThrowsAsync<InvalidOperationException>(() => client.TransactionAsync(async _ =>
            {
                await accounts.InsertAsync(new Account { Email = "savepoint@example.com" });
                throw new InvalidOperationException("undo the savepoint only");
            }));
            Assert.That(await accounts.CountAsync(Filter<Account>.All), Is.EqualTo(2));
        }

        Assert.That(await accounts.CountAsync(Filter<Account>.All), Is.Zero, "the unit of work was not committed: nothing stays");
    }

    /// <inheritdoc />
    protected override async Task<(ConformanceStore Store, IUnitOfWork UnitOfWork)> CreateStoreAsync(TimeProvider time)
    {
        _cluster = Build(time, ensureSchema: false);
        await _cluster.CompileAsync();
        await _cluster.StartAsync();
        await _cluster.Resolve<PostgresClient>().TransactionAsync(async tx =>
        {
            await using var truncate = tx.CreateCommand("TRUNCATE accounts, tickets, items");
            await truncate.ExecuteNonQueryAsync();
        });
        return (new ConformanceStore(_cluster.Resolve<IRepository<Account>>(), _cluster.Resolve<IRepository<Ticket>>(), _cluster.Resolve<IRepository<Item>>()), _cluster.Resolve<IUnitOfWork>());
    }

    /// <summary>Terminates every backend of the database that sits idle inside a transaction: the unit of work's.</summary>
    private async Task TerminateIdleInTransactionAsync()
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction' AND pid <> pg_backend_pid()",
            connection);
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(1L));
    }

    /// <summary>Returns the one backend of the database that sits idle inside a transaction, seen from outside it.</summary>
    private async Task<int> IdleInTransactionBackendAsync()
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction' AND pid <> pg_backend_pid()",
            connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private Cluster Build(TimeProvider time, bool ensureSchema) => new ClusterBuilder()
        .Provide(time)
        .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = _database.ConnectionString, EnsureSchemaOnStart = ensureSchema }))
        .Add(PgRepository.Create(PgAccount))
        .Add(PgRepository.Create(PgTicket))
        .Add(PgRepository.Create(PgItem))
        .Build();
}
