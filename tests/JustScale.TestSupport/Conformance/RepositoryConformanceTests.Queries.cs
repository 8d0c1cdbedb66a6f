using JustScale.Core;
using NUnit.Framework;

namespace JustScale.Testing;

/// <content>Finding and counting.</content>
public abstract partial class RepositoryConformanceTests
{
    private static readonly Field<Account, string> Email = Account.Model.Field(a => a.Email);
    private static readonly Field<Account, string?> Nickname = Account.Model.Field(a => a.Nickname);
    private static readonly Field<Account, int> Score = Account.Model.Field(a => a.Score);
    private static readonly Field<Account, DateTimeOffset?> SeenAt = Account.Model.Field(a => a.SeenAt);
    private static readonly Field<Account, bool> Active = Account.Model.Field(a => a.Active);

    [Test]
    public async Task FindOne_ByEquality_ReturnsMatch()
    {
        await InsertAccountAsync("a@example.com", 1);
        await InsertAccountAsync("b@example.com", 2);

        var found = await Accounts.FindOneAsync(Filter<Account>.Where(Email, "b@example.com"));

        Assert.That(found?.Score, Is.EqualTo(2));
    }

    [Test]
    public async Task FindOne_NoMatch_ReturnsNull()
    {
        await InsertAccountAsync();

        Assert.That(await Accounts.FindOneAsync(Filter<Account>.Where(Email, "nobody@example.com")), Is.Null);
    }

    [Test]
    public async Task FindOne_ById_ReturnsMatch()
    {
        var account = await InsertAccountAsync();

        Assert.That((await Accounts.FindOneAsync(Filter<Account>.Where(Account.Model.Id, account.Id)))?.Email, Is.EqualTo(account.Email));
    }

    [Test]
    public async Task FindMany_SeveralConditions_AllMustHold()
    {
        await InsertAccountAsync("a@example.com", 5);
        var inactive = NewAccount("b@example.com", 5);
        inactive.Active = false;
        await Accounts.InsertAsync(inactive);
        await InsertAccountAsync("c@example.com", 6);

        var found = await Accounts.FindManyAsync(Filter<Account>.Where(Score, 5).And(Active, true));

        Assert.That(found.Select(a => a.Email), Is.EqualTo(new[] { "a@example.com" }));
    }

    [Test]
    public async Task FindMany_NullEquality_MatchesOnlyNulls()
    {
        var named = NewAccount("named@example.com");
        named.Nickname = "nick";
        await Accounts.InsertAsync(named);
        await InsertAccountAsync("anonymous@example.com");

        var unnamed = await Accounts.FindManyAsync(Filter<Account>.Where(Nickname, null));
        var withName = await Accounts.FindManyAsync(Filter<Account>.Where(Nickname, Comparison.NotEqual, null));

        Assert.That(unnamed.Select(a => a.Email), Is.EqualTo(new[] { "anonymous@example.com" }));
        Assert.That(withName.Select(a => a.Email), Is.EqualTo(new[] { "named@example.com" }));
    }

    [Test]
    public async Task FindMany_TimestampRange_ReturnsThoseInside()
    {
        for (var day = 1; day <= 5; day++)
        {
            var account = NewAccount($"day{day}@example.com", day);
            account.SeenAt = Start.AddDays(day);
            await Accounts.InsertAsync(account);
        }

        var found = await Accounts.FindManyAsync(
            Filter<Account>.Where(SeenAt, Comparison.GreaterThanOrEqual, Start.AddDays(2)).And(SeenAt, Comparison.LessThan, Start.AddDays(4)));

        Assert.That(found.Select(a => a.Score), Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public async Task FindMany_OrderAndLimit_Applied()
    {
        foreach (var score in new[] { 3, 1, 4, 1, 5 })
        {
            await InsertAccountAsync($"s{score}-{Guid.NewGuid():N}@example.com", score);
        }

        var top = await Accounts.FindManyAsync(Filter<Account>.All, new FindOptions<Account> { OrderBy = Score, Descending = true, Limit = 3 });

        Assert.That(top.Select(a => a.Score), Is.EqualTo(new[] { 5, 4, 3 }));
    }

    [Test]
    public async Task FindMany_DefaultOrder_ByCreationTime()
    {
        await InsertAccountAsync("first@example.com");
        Time.Advance(TimeSpan.FromSeconds(1));
        await InsertAccountAsync("second@example.com");

        var all = await Accounts.FindManyAsync(Filter<Account>.All);
        var first = await Accounts.FindOneAsync(Filter<Account>.All);

        Assert.That(all.Select(a => a.Email), Is.EqualTo(new[] { "first@example.com", "second@example.com" }));
        Assert.That(first?.Email, Is.EqualTo("first@example.com"));
    }

    [Test]
    public async Task Count_WithFilter_CountsMatches()
    {
        await InsertAccountAsync("a@example.com", 1);
        await InsertAccountAsync("b@example.com", 2);
        await InsertAccountAsync("c@example.com", 2);

        Assert.That(await Accounts.CountAsync(Filter<Account>.Where(Score, 2)), Is.EqualTo(2));
        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.EqualTo(3));
    }
}
