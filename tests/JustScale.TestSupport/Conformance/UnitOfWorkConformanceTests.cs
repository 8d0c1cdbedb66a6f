using JustScale.Core;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace JustScale.Testing;

/// <summary>Specifies the unit of work (<see cref="IUnitOfWork"/>) on a store; every store runs it unchanged by deriving from it.</summary>
/// <remarks>Commit, rollback on exception, nesting, and a fault mid-transaction: nothing committed is lost, nothing half-written stays.</remarks>
public abstract class UnitOfWorkConformanceTests
{
    private static readonly Field<Account, string> Email = Account.Model.Field(a => a.Email);
    private static readonly Field<Account, int> Score = Account.Model.Field(a => a.Score);
    private ConformanceStore? _store;

    /// <summary>Gets the unit of work the tests begin transactions with.</summary>
    protected IUnitOfWork UnitOfWork { get; private set; } = new UnitOfWork();

    private IRepository<Account> Accounts => _store!.Accounts;

    private IRepository<Ticket> Tickets => _store!.Tickets;

    /// <summary>Creates empty repositories for one test, and the cluster's unit of work.</summary>
    protected abstract Task<(ConformanceStore Store, IUnitOfWork UnitOfWork)> CreateStoreAsync(TimeProvider time);

    /// <summary>Creates the store for a test.</summary>
    [SetUp]
    public async Task CreateStore() =>
        (_store, UnitOfWork) = await CreateStoreAsync(new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)));

    private static Account NewAccount(string email) => new() { Email = email, Score = 1, Active = true };

    private static Ticket NewTicket(Account account, string code) =>
        new() { Account = account, Code = code, ExpiresAt = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero) };

    [Test]
    public async Task Commit_WritesAcrossRepositories_AllStored()
    {
        await using (var tx = await UnitOfWork.BeginAsync())
        {
            var account = await Accounts.InsertAsync(NewAccount("a@example.com"));
            await Tickets.InsertAsync(NewTicket(account, "t1"));
            await Accounts.UpdateWhereAsync(Filter<Account>.Where(Email, "a@example.com"), Changes<Account>.Of(Score, 5));
            Assert.That(tx.IsOutermost, Is.True);
            await tx.CommitAsync();
        }

        Assert.That((await Accounts.FindOneAsync(Filter<Account>.Where(Email, "a@example.com")))?.Score, Is.EqualTo(5));
        Assert.That(await Tickets.CountAsync(Filter<Ticket>.All), Is.EqualTo(1));
    }

    [Test]
    public async Task Transaction_ReadsInside_SeeItsOwnWrites()
    {
        await using var tx = await UnitOfWork.BeginAsync();
        var account = await Accounts.InsertAsync(NewAccount("own@example.com"));

        Assert.That((await Accounts.GetAsync(account.Id))?.Email, Is.EqualTo("own@example.com"));
        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.EqualTo(1));
        await tx.CommitAsync();
    }

    [Test]
    public async Task Dispose_WithoutCommit_RollsBackInsertsUpdatesAndDeletes()
    {
        var kept = await Accounts.InsertAsync(NewAccount("kept@example.com"));
        var doomed = await Accounts.InsertAsync(NewAccount("doomed@example.com"));
        await Tickets.InsertAsync(NewTicket(doomed, "cascaded"));

        await using (await UnitOfWork.BeginAsync())
        {
            await Accounts.InsertAsync(NewAccount("new@example.com"));
            await Accounts.UpdateWhereAsync(Filter<Account>.Where(Email, "kept@example.com"), Changes<Account>.Of(Score, 99));
            await Accounts.DeleteAsync(doomed.Id); // cascades to its ticket
            Assert.That(await Tickets.CountAsync(Filter<Ticket>.All), Is.Zero);
        }

        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.EqualTo(2));
        Assert.That((await Accounts.GetAsync(kept.Id))?.Score, Is.EqualTo(1));
        Assert.That(await Accounts.GetAsync(doomed.Id), Is.Not.Null);
        Assert.That(await Tickets.CountAsync(Filter<Ticket>.All), Is.EqualTo(1));
        Assert.That(await Accounts.FindOneAsync(Filter<Account>.Where(Email, "new@example.com")), Is.Null);
    }

    [Test]
    public async Task Rollback_ThenUniqueValueReused_Accepted()
    {
        await using (await UnitOfWork.BeginAsync())
        {
            await Accounts.InsertAsync(NewAccount("reuse@example.com"));
        }

        await Accounts.InsertAsync(NewAccount("reuse@example.com"));

        Assert.That(await Accounts.CountAsync(Filter<Account>.Where(Email, "reuse@example.com")), Is.EqualTo(1));
    }

    [Test]
    public async Task RunAsync_WorkThrows_RollsBackAndRethrows()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => UnitOfWork.RunAsync(async ct =>
        {
            var account = await Accounts.InsertAsync(NewAccount("x@example.com"), ct);
            await Tickets.InsertAsync(NewTicket(account, "t"), ct);
            throw new InvalidOperationException("boom");
        }));

        Assert.That(error!.Message, Is.EqualTo("boom"));
        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.Zero);
        Assert.That(await Tickets.CountAsync(Filter<Ticket>.All), Is.Zero);
    }

    [Test]
    public async Task Nested_InnerCommitsOuterCommits_WritesOnceAtOutermost()
    {
        await using (var outer = await UnitOfWork.BeginAsync())
        {
            await Accounts.InsertAsync(NewAccount("outer@example.com"));
            await using (var inner = await UnitOfWork.BeginAsync())
            {
                Assert.That(inner.IsOutermost, Is.False);
                await Accounts.InsertAsync(NewAccount("inner@example.com"));
                await inner.CommitAsync();
            }

            await outer.CommitAsync();
        }

        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.EqualTo(2));
    }

    [Test]
    public async Task Nested_InnerCommittedOuterDisposed_RollsBackBoth()
    {
        await using (await UnitOfWork.BeginAsync())
        {
            await Accounts.InsertAsync(NewAccount("outer@example.com"));
            await UnitOfWork.RunAsync(ct => Accounts.InsertAsync(NewAccount("inner@example.com"), ct));
        }

        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.Zero);
    }

    [Test]
    public async Task Nested_InnerDisposedWithoutCommit_OuterCommitThrowsAndRollsBackEverything()
    {
        await using (var outer = await UnitOfWork.BeginAsync())
        {
            await Accounts.InsertAsync(NewAccount("outer@example.com"));
            await using (await UnitOfWork.BeginAsync())
            {
                await Accounts.InsertAsync(NewAccount("inner@example.com"));
            }

            Assert.ThrowsAsync<TransactionAbortedException>(() => outer.CommitAsync());
        }

        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.Zero);
    }

    [Test]
    public async Task Fault_WriteFailsMidTransaction_CommittedKeptNothingHalfWritten()
    {
        var committed = await Accounts.InsertAsync(NewAccount("committed@example.com"));

        Assert.ThrowsAsync<UniqueConstraintException>(() => UnitOfWork.RunAsync(async ct =>
        {
            var account = await Accounts.InsertAsync(NewAccount("half@example.com"), ct);
            await Tickets.InsertAsync(NewTicket(account, "half"), ct);
            await Accounts.InsertAsync(NewAccount("committed@example.com"), ct); // duplicate: the store refuses
        }));

        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.EqualTo(1));
        Assert.That((await Accounts.GetAsync(committed.Id))?.Email, Is.EqualTo("committed@example.com"));
        Assert.That(await Tickets.CountAsync(Filter<Ticket>.All), Is.Zero);
    }

    [Test]
    public async Task Concurrent_WritesInOneTransaction_AllCommitted()
    {
        await UnitOfWork.RunAsync(ct => Task.WhenAll(Enumerable.Range(0, 20).Select(i => Accounts.InsertAsync(NewAccount($"c{i}@example.com"), ct))));

        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.EqualTo(20));
    }

    [Test]
    public async Task Transactions_TwoFlowsAtOnce_EachKeepsItsOwnOutcome()
    {
        var committing = UnitOfWork.RunAsync(ct => Accounts.InsertAsync(NewAccount("commits@example.com"), ct));
        var failing = UnitOfWork.RunAsync(async ct =>
        {
            await Accounts.InsertAsync(NewAccount("fails@example.com"), ct);
            throw new InvalidOperationException("boom");
        });

        await committing;
        Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.That(await Accounts.FindOneAsync(Filter<Account>.Where(Email, "commits@example.com")), Is.Not.Null);
        Assert.That(await Accounts.FindOneAsync(Filter<Account>.Where(Email, "fails@example.com")), Is.Null);
    }

    [Test]
    public async Task OnCommitted_AfterCommit_RunsInOrderOutsideTheTransaction()
    {
        var ran = new List<string>();
        await using (var tx = await UnitOfWork.BeginAsync())
        {
            await Accounts.InsertAsync(NewAccount("first@example.com"));
            Core.UnitOfWork.Current!.OnCommitted(() => { ran.Add("one"); return Task.CompletedTask; });
            Core.UnitOfWork.Current!.OnCommitted(async () =>
            {
                ran.Add("two");
                await Accounts.InsertAsync(NewAccount("callback@example.com")); // runs on its own: the transaction has ended
            });
            Assert.That(ran, Is.Empty);
            await tx.CommitAsync();
        }

        Assert.That(ran, Is.EqualTo(new[] { "one", "two" }));
        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.EqualTo(2));
    }

    [Test]
    public async Task OnCommitted_RolledBack_NeverRuns()
    {
        var ran = false;
        await using (await UnitOfWork.BeginAsync())
        {
            Core.UnitOfWork.Current!.OnCommitted(() => { ran = true; return Task.CompletedTask; });
        }

        Assert.That(ran, Is.False);
    }

    [Test]
    public async Task AfterCommit_RepositoryCalledInsideTheEndedScope_Throws()
    {
        await using var tx = await UnitOfWork.BeginAsync();
        await Accounts.InsertAsync(NewAccount("a@example.com"));
        await tx.CommitAsync();

        Assert.ThrowsAsync<InvalidOperationException>(() => Accounts.InsertAsync(NewAccount("late@example.com")));
        Assert.ThrowsAsync<InvalidOperationException>(() => tx.CommitAsync());
    }

    [Test]
    public async Task AfterDispose_RepositoryCalls_RunOnTheirOwnAgain()
    {
        await using (var tx = await UnitOfWork.BeginAsync())
        {
            await tx.CommitAsync();
        }

        await Accounts.InsertAsync(NewAccount("after@example.com"));

        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.EqualTo(1));
    }
}
