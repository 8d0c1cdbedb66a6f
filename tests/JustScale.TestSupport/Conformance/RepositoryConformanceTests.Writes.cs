using JustScale.Core;
using NUnit.Framework;

namespace JustScale.Testing;

/// <content>Updating and deleting.</content>
public abstract partial class RepositoryConformanceTests
{
    [Test]
    public async Task Update_AllFields_WritesThemAndNullReallyClears()
    {
        var account = NewAccount();
        account.Nickname = "nick";
        account.SeenAt = Start;
        await Accounts.InsertAsync(account);
        Time.Advance(TimeSpan.FromMinutes(5));

        account.Nickname = null;
        account.SeenAt = null;
        account.Score = 42;
        var updated = await Accounts.UpdateAsync(account);

        var stored = await Accounts.GetAsync(account.Id);
        Assert.That(updated, Is.True);
        Assert.That(stored!.Nickname, Is.Null);
        Assert.That(stored.SeenAt, Is.Null);
        Assert.That(stored.Score, Is.EqualTo(42));
        Assert.That(stored.CreatedAt, Is.EqualTo(Start));
        Assert.That(stored.UpdatedAt, Is.EqualTo(Start.AddMinutes(5)));
        Assert.That(account.UpdatedAt, Is.EqualTo(Start.AddMinutes(5)));
    }

    [Test]
    public async Task Update_UnknownEntity_ReturnsFalseAndStoresNothing()
    {
        var ghost = NewAccount();
        ghost.Id = Guid.NewGuid();

        Assert.That(await Accounts.UpdateAsync(ghost), Is.False);
        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.Zero);
    }

    [Test]
    public async Task Update_ToDuplicateUniqueValue_ThrowsAndKeepsOriginal()
    {
        await InsertAccountAsync("a@example.com");
        var other = await InsertAccountAsync("b@example.com");

        other.Email = "a@example.com";
        Assert.ThrowsAsync<UniqueConstraintException>(() => Accounts.UpdateAsync(other));

        Assert.That((await Accounts.GetAsync(other.Id))!.Email, Is.EqualTo("b@example.com"));
    }

    [Test]
    public async Task UpdateWhere_MatchingRows_SetsFieldsAndReturnsCount()
    {
        await InsertAccountAsync("a@example.com", 1);
        await InsertAccountAsync("b@example.com", 1);
        await InsertAccountAsync("c@example.com", 2);
        Time.Advance(TimeSpan.FromSeconds(30));

        var count = await Accounts.UpdateWhereAsync(Filter<Account>.Where(Score, 1), Changes<Account>.Of(Nickname, "one").Set(SeenAt, Start));

        var ones = await Accounts.FindManyAsync(Filter<Account>.Where(Nickname, "one"));
        Assert.That(count, Is.EqualTo(2));
        Assert.That(ones, Has.Count.EqualTo(2));
        Assert.That(ones.Select(a => a.UpdatedAt), Is.All.EqualTo(Start.AddSeconds(30)));
        Assert.That(ones.Select(a => a.SeenAt), Is.All.EqualTo(Start));
    }

    [Test]
    public async Task UpdateWhere_SetNull_ClearsField()
    {
        var account = NewAccount();
        account.Nickname = "nick";
        await Accounts.InsertAsync(account);

        await Accounts.UpdateWhereAsync(Filter<Account>.Where(Account.Model.Id, account.Id), Changes<Account>.Of(Nickname, null));

        Assert.That((await Accounts.GetAsync(account.Id))!.Nickname, Is.Null);
    }

    [Test]
    public async Task UpdateWhere_DuplicateUnique_ThrowsAndChangesNothing()
    {
        await InsertAccountAsync("a@example.com", 1);
        await InsertAccountAsync("b@example.com", 1);

        Assert.ThrowsAsync<UniqueConstraintException>(
            () => Accounts.UpdateWhereAsync(Filter<Account>.Where(Score, 1), Changes<Account>.Of(Email, "same@example.com")));

        var emails = (await Accounts.FindManyAsync(Filter<Account>.All)).Select(a => a.Email).Order();
        Assert.That(emails, Is.EqualTo(new[] { "a@example.com", "b@example.com" }));
    }

    [Test]
    public async Task UpdateWhere_ValueTooLong_ThrowsAndChangesNothing()
    {
        var account = await InsertAccountAsync();

        Assert.ThrowsAsync<FieldValidationException>(
            () => Accounts.UpdateWhereAsync(Filter<Account>.Where(Account.Model.Id, account.Id), Changes<Account>.Of(Nickname, new string('n', 21))));

        Assert.That((await Accounts.GetAsync(account.Id))!.Nickname, Is.Null);
    }

    [Test]
    public async Task Delete_Existing_ReturnsTrueAndRemoves()
    {
        var account = await InsertAccountAsync();

        Assert.That(await Accounts.DeleteAsync(account.Id), Is.True);
        Assert.That(await Accounts.GetAsync(account.Id), Is.Null);
        Assert.That(await Accounts.DeleteAsync(account.Id), Is.False);
    }

    [Test]
    public async Task Delete_ThenInsertSameUniqueValue_Succeeds()
    {
        var account = await InsertAccountAsync();
        await Accounts.DeleteAsync(account.Id);

        await InsertAccountAsync();

        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.EqualTo(1));
    }

    [Test]
    public async Task DeleteWhere_Matching_ReturnsCount()
    {
        await InsertAccountAsync("a@example.com", 1);
        await InsertAccountAsync("b@example.com", 1);
        await InsertAccountAsync("c@example.com", 2);

        Assert.That(await Accounts.DeleteWhereAsync(Filter<Account>.Where(Score, 1)), Is.EqualTo(2));
        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.EqualTo(1));
    }

    [Test]
    public async Task DeleteWhere_WithLimit_DeletesAtMostLimit()
    {
        for (var i = 0; i < 7; i++)
        {
            await InsertAccountAsync($"x{i}@example.com", 9);
        }

        var first = await Accounts.DeleteWhereAsync(Filter<Account>.Where(Score, 9), limit: 5);
        var second = await Accounts.DeleteWhereAsync(Filter<Account>.Where(Score, 9), limit: 5);

        Assert.That((first, second), Is.EqualTo((5, 2)));
        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.Zero);
    }
}
