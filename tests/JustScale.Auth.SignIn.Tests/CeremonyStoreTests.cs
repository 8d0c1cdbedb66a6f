using JustScale.Core;
using JustScale.Postgres;
using JustScale.Testing;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.SignIn.Tests;

/// <summary>The ceremonies every sign-in flow rests on, on both stores: hashed keys, single use (also under a race), bound to their kind, expiring.</summary>
[TestFixture("InMemory")]
[TestFixture("Postgres")]
public sealed class CeremonyStoreTests(string store)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private TestDatabase? _database;
    private Cluster _cluster = null!;
    private CeremonyStore _ceremonies = null!;

    private IRepository<SignInCeremony> Repository => _cluster.Resolve<IRepository<SignInCeremony>>();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var builder = new ClusterBuilder().Provide<TimeProvider>(_time);
        if (store == "Postgres")
        {
            _database = await TestPostgres.CreateDatabaseAsync("ceremonies");
            builder
                .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = _database.ConnectionString, EnsureSchemaOnStart = true }))
                .Add(PgRepository.Create(PgModel.Create<SignInCeremony>(new PgModelOptions { Table = "sign_in_ceremonies" })));
        }
        else
        {
            builder.Add(InMemoryRepository.For<SignInCeremony>());
        }

        _cluster = builder.Build();
        await _cluster.CompileAsync();
        await _cluster.StartAsync();
        _ceremonies = new CeremonyStore(Repository, _time);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _cluster.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Test]
    public async Task Begin_StoresOnlyTheKeysHash()
    {
        var key = await _ceremonies.BeginAsync("passkey_get", null, "{\"challenge\":\"x\"}", TimeSpan.FromMinutes(5), CancellationToken.None);

        var row = await Repository.FindOneAsync(Filter<SignInCeremony>.Where(SignInCeremony.Model.Field(c => c.KeyHash), CeremonyStore.Digest(key)));
        Assert.That(key, Does.Match("^[0-9a-f]{64}$"));
        Assert.That(row, Is.Not.Null);
        Assert.That(row!.KeyHash, Is.Not.EqualTo(key));
        Assert.That(row.ExpiresAt, Is.EqualTo(_time.GetUtcNow() + TimeSpan.FromMinutes(5)));
        Assert.That(row.ToString(), Does.Not.Contain(row.KeyHash).And.Not.Contain("challenge"));
    }

    [Test]
    public async Task Take_Twice_SecondIsNull()
    {
        var key = await _ceremonies.BeginAsync("oauth_code", Guid.NewGuid(), "{}", TimeSpan.FromMinutes(2), CancellationToken.None);

        var first = await _ceremonies.TakeAsync("oauth_code", key, CancellationToken.None);
        var second = await _ceremonies.TakeAsync("oauth_code", key, CancellationToken.None);

        Assert.That(first, Is.Not.Null);
        Assert.That(second, Is.Null);
    }

    [Test]
    public async Task Take_RacingRequests_ExactlyOneWins()
    {
        var key = await _ceremonies.BeginAsync("oauth_code", null, "{}", TimeSpan.FromMinutes(2), CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _ceremonies.TakeAsync("oauth_code", key, CancellationToken.None))));

        Assert.That(results.Count(r => r is not null), Is.EqualTo(1));
    }

    [Test]
    public async Task Take_OtherKind_NullAndLeavesItForItsOwnKind()
    {
        var key = await _ceremonies.BeginAsync("passkey_create", Guid.NewGuid(), "{}", TimeSpan.FromMinutes(5), CancellationToken.None);

        var wrong = await _ceremonies.TakeAsync("passkey_get", key, CancellationToken.None);
        var right = await _ceremonies.TakeAsync("passkey_create", key, CancellationToken.None);

        Assert.That(wrong, Is.Null);
        Assert.That(right, Is.Not.Null);
    }

    [Test]
    public async Task Take_Expired_NullAndDeleted()
    {
        var key = await _ceremonies.BeginAsync("oauth_state", null, "{}", TimeSpan.FromMinutes(10), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(10));

        var taken = await _ceremonies.TakeAsync("oauth_state", key, CancellationToken.None);

        Assert.That(taken, Is.Null);
        Assert.That(await Repository.FindOneAsync(Filter<SignInCeremony>.Where(SignInCeremony.Model.Field(c => c.KeyHash), CeremonyStore.Digest(key))), Is.Null);
    }

    [Test]
    public async Task DeleteExpired_RemovesOnlyExpiredRows()
    {
        var old = await _ceremonies.BeginAsync("passkey_get", null, "{}", TimeSpan.FromMinutes(1), CancellationToken.None);
        var live = await _ceremonies.BeginAsync("passkey_get", null, "{}", TimeSpan.FromMinutes(30), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(2));

        var deleted = await _ceremonies.DeleteExpiredAsync(CancellationToken.None);

        Assert.That(deleted, Is.GreaterThanOrEqualTo(1));
        Assert.That(await _ceremonies.TakeAsync("passkey_get", old, CancellationToken.None), Is.Null);
        Assert.That(await _ceremonies.TakeAsync("passkey_get", live, CancellationToken.None), Is.Not.Null);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("ABCDEF")]
    [TestCase("0000000000000000000000000000000000000000000000000000000000000000X")]
    public async Task Take_MalformedKey_Null(string? key)
    {
        Assert.That(await _ceremonies.TakeAsync("oauth_state", key, CancellationToken.None), Is.Null);
    }
}
