using JustScale.Core;
using JustScale.Testing;

namespace JustScale.Postgres.Tests.Repositories;

/// <summary>Runs the repository conformance suite, unchanged, on PostgreSQL.</summary>
[TestFixture]
public sealed class PostgresRepositoryConformanceTests : RepositoryConformanceTests
{
    private static readonly PgModel<Account> PgAccount = PgModel.Create<Account>(new PgModelOptions { Table = "accounts" });
    private static readonly PgModel<Ticket> PgTicket = PgModel.Create<Ticket>(new PgModelOptions { Table = "tickets" });
    private static readonly PgModel<Item> PgItem = PgModel.Create<Item>(new PgModelOptions { Table = "items" });
    private TestDatabase _database = null!;
    private Cluster? _cluster;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _database = await TestPostgres.CreateDatabaseAsync(nameof(PostgresRepositoryConformanceTests));
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

    /// <inheritdoc />
    protected override async Task<ConformanceStore> CreateStoreAsync(TimeProvider time)
    {
        _cluster = Build(time, ensureSchema: false);
        await _cluster.CompileAsync();
        await _cluster.StartAsync();
        await _cluster.Resolve<PostgresClient>().TransactionAsync(async tx =>
        {
            await using var truncate = tx.CreateCommand("TRUNCATE accounts, tickets, items");
            await truncate.ExecuteNonQueryAsync();
        });
        return new ConformanceStore(_cluster.Resolve<IRepository<Account>>(), _cluster.Resolve<IRepository<Ticket>>(), _cluster.Resolve<IRepository<Item>>());
    }

    private Cluster Build(TimeProvider time, bool ensureSchema) => new ClusterBuilder()
        .Provide(time)
        .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = _database.ConnectionString, EnsureSchemaOnStart = ensureSchema }))
        .Add(PgRepository.Create(PgAccount))
        .Add(PgRepository.Create(PgTicket))
        .Add(PgRepository.Create(PgItem))
        .Build();
}
