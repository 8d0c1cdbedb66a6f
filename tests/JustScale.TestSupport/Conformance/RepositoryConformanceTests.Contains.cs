using JustScale.Core;
using NUnit.Framework;

namespace JustScale.Testing;

/// <content>Comparison.Contains: a substring of a text field (the admin API's user search).</content>
public abstract partial class RepositoryConformanceTests
{
    [Test]
    public async Task FindMany_Contains_MatchesSubstringsCaseSensitivelyWithoutWildcards()
    {
        await InsertAccountAsync("alice.smith@example.com", 1);
        await InsertAccountAsync("bob_smith@example.com", 2);
        await InsertAccountAsync("carol@example.org", 3);
        await InsertAccountAsync("b%x@example.com", 4);

        async Task<IEnumerable<string>> FindAsync(string part) =>
            (await Accounts.FindManyAsync(Filter<Account>.Where(Email, Comparison.Contains, part), new FindOptions<Account> { OrderBy = Email })).Select(a => a.Email);

        Assert.That(await FindAsync("smith"), Is.EqualTo(new[] { "alice.smith@example.com", "bob_smith@example.com" }));
        Assert.That(await FindAsync(".org"), Is.EqualTo(new[] { "carol@example.org" }));
        Assert.That(await FindAsync("SMITH"), Is.Empty, "case-sensitive");
        Assert.That(await FindAsync("%"), Is.EqualTo(new[] { "b%x@example.com" }), "% is a character, not a wildcard");
        Assert.That(await FindAsync("_"), Is.EqualTo(new[] { "bob_smith@example.com" }), "_ is a character, not a wildcard");
    }

    [Test]
    public async Task FindMany_ContainsOnANullableField_NeverMatchesNull()
    {
        var named = NewAccount("named@example.com");
        named.Nickname = "the nick";
        await Accounts.InsertAsync(named);
        await InsertAccountAsync("plain@example.com");

        var found = await Accounts.FindManyAsync(Filter<Account>.Where(Nickname, Comparison.Contains, "nick"));

        Assert.That(found.Select(a => a.Email), Is.EqualTo(new[] { "named@example.com" }));
    }
}
