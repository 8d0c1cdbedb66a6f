using JustScale.Core;
using NUnit.Framework;

namespace JustScale.Testing;

/// <content>Atomic increments (<see cref="IRepository{T}.IncrementWhereAsync"/>): the counter a lockout cannot race.</content>
public abstract partial class RepositoryConformanceTests
{
    private static readonly Field<Account, int> Counter = Account.Model.Field(a => a.Score);

    [Test]
    public async Task IncrementWhere_MatchingRow_AddsSetsChangesAndReturnsTheRowAsUpdated()
    {
        var account = await InsertAccountAsync("a@example.com", 3);
        Time.Advance(TimeSpan.FromMinutes(1));

        var updated = await Accounts.IncrementWhereAsync(
            Filter<Account>.Where(Account.Model.Id, account.Id), Counter, 2, Changes<Account>.Of(Account.Model.Field(a => a.Nickname), "two"));

        Assert.That(updated, Has.Count.EqualTo(1));
        Assert.That(updated[0].Score, Is.EqualTo(5));
        Assert.That(updated[0].Nickname, Is.EqualTo("two"));
        Assert.That(updated[0].UpdatedAt, Is.EqualTo(Start.AddMinutes(1)));
        Assert.That((await Accounts.GetAsync(account.Id))!.Score, Is.EqualTo(5));
    }

    [Test]
    public async Task IncrementWhere_ChangesIntoAUniqueKeyOnTheSecondRow_ThrowsAndChangesNothing()
    {
        await InsertAccountAsync("a@example.com", 1);
        await InsertAccountAsync("b@example.com", 1);
        var email = Account.Model.Field(a => a.Email);

        Assert.ThrowsAsync<UniqueConstraintException>(() => Accounts.IncrementWhereAsync(Filter<Account>.All, Counter, 1, Changes<Account>.Of(email, "same@example.com")));

        Assert.That(await Accounts.CountAsync(Filter<Account>.Where(Counter, 1)), Is.EqualTo(2));
        Assert.That(await Accounts.CountAsync(Filter<Account>.Where(email, "same@example.com")), Is.Zero);
    }

    [Test]
    public async Task IncrementWhere_NoMatch_ReturnsEmptyAndChangesNothing()
    {
        var account = await InsertAccountAsync("a@example.com", 10);

        var updated = await Accounts.IncrementWhereAsync(
            Filter<Account>.Where(Account.Model.Id, account.Id).And(Counter, Comparison.LessThan, 10), Counter, 1);

        Assert.That(updated, Is.Empty);
        Assert.That((await Accounts.GetAsync(account.Id))!.Score, Is.EqualTo(10));
    }

    [Test]
    public async Task IncrementWhere_ConcurrentCallsBoundedByTheFilter_NeverPassTheBound()
    {
        var account = await InsertAccountAsync("a@example.com", 0);
        var bounded = Filter<Account>.Where(Account.Model.Id, account.Id).And(Counter, Comparison.LessThan, 10);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => Accounts.IncrementWhereAsync(bounded, Counter, 1))));

        Assert.That(results.Count(r => r.Count == 1), Is.EqualTo(10));
        Assert.That(results.Where(r => r.Count == 1).Select(r => r[0].Score), Is.EquivalentTo(Enumerable.Range(1, 10)));
        Assert.That((await Accounts.GetAsync(account.Id))!.Score, Is.EqualTo(10));
    }
}
