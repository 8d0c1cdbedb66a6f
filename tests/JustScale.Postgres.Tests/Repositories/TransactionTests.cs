using JustScale.Core;
using JustScale.Postgres.Tests.Models;

namespace JustScale.Postgres.Tests.Repositories;

/// <summary>Checks TransactionAsync: repositories take part, an exception rolls back, nested calls use savepoints.</summary>
[TestFixture]
public sealed class TransactionTests : PostgresFixture
{
    private static readonly Field<DocsUser, string> Email = DocsUser.Model.Field(u => u.Email);
    private Cluster _cluster = null!;
    private PostgresClient _client = null!;
    private IRepository<DocsUser> _users = null!;

    [SetUp]
    public async Task StartCluster()
    {
        _cluster = await StartClusterAsync(TimeProvider.System);
        _client = _cluster.Resolve<PostgresClient>();
        _users = _cluster.Resolve<IRepository<DocsUser>>();
    }

    [TearDown]
    public async Task StopCluster()
    {
        await _cluster.DisposeAsync();   // disposes the client too
        await _client.DisposeAsync();
    }

    [Test]
    public async Task Transaction_Completes_CommitsEveryWrite()
    {
        var (a, b) = (NewUser(), NewUser());

        await _client.TransactionAsync(async tx =>
        {
            await _users.InsertAsync(a);
            await _users.InsertAsync(b);
        });

        Assert.That(await _users.GetAsync(a.Id), Is.Not.Null);
        Assert.That(await _users.GetAsync(b.Id), Is.Not.Null);
    }

    [Test]
    public async Task Transaction_Throws_RollsBackEveryWrite()
    {
        var user = NewUser();

        Assert.ThrowsAsync<InvalidOperationException>(() => _client.TransactionAsync(async tx =>
        {
            await _users.InsertAsync(user);
            Assert.That(await _users.GetAsync(user.Id), Is.Not.Null, "visible inside the transaction");
            throw new InvalidOperationException("boom");
        }));

        Assert.That(await _users.GetAsync(user.Id), Is.Null);
    }

    [Test]
    public async Task Transaction_UncommittedWrite_InvisibleOutside()
    {
        var user = NewUser();
        var inserted = new TaskCompletionSource();
        var checkedOutside = new TaskCompletionSource();

        var transaction = _client.TransactionAsync(async tx =>
        {
            await _users.InsertAsync(user);
            inserted.SetResult();
            await checkedOutside.Task;
        });
        await inserted.Task;
        var outside = await Task.Run(() => _users.GetAsync(user.Id));
        checkedOutside.SetResult();
        await transaction;

        Assert.That(outside, Is.Null);
        Assert.That(await _users.GetAsync(user.Id), Is.Not.Null);
    }

    [Test]
    public async Task Transaction_NestedThrows_RollsBackOnlyTheInnerWork()
    {
        var (outer, inner) = (NewUser(), NewUser());

        await _client.TransactionAsync(async tx =>
        {
            await _users.InsertAsync(outer);
            try
            {
                await _client.TransactionAsync(async _ =>
                {
                    await _users.InsertAsync(inner);
                    await _users.InsertAsync(NewUser(outer.Email));   // unique violation
                });
            }
            catch (UniqueConstraintException)
            {
                // The savepoint was rolled back; the outer transaction goes on.
            }
        });

        Assert.That(await _users.GetAsync(outer.Id), Is.Not.Null);
        Assert.That(await _users.GetAsync(inner.Id), Is.Null);
    }

    [Test]
    public async Task Transaction_ConcurrentCallsInside_RunOneAtATime()
    {
        var users = Enumerable.Range(0, 20).Select(_ => NewUser()).ToList();

        var count = await _client.TransactionAsync(async tx =>
        {
            await Task.WhenAll(users.Select(u => _users.InsertAsync(u)));
            return await _users.CountAsync(Filter<DocsUser>.Where(Email, Comparison.NotEqual, "nobody"));
        });

        Assert.That(count, Is.GreaterThanOrEqualTo(20));
    }
}
