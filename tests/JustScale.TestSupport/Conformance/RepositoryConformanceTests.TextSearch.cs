using JustScale.Core;
using NUnit.Framework;

namespace JustScale.Testing;

/// <content>Filter.Contains, StartsWith and EndsWith: text search that ignores case and takes the user's text literally.</content>
public abstract partial class RepositoryConformanceTests
{
    private static readonly Field<Account, string?> Bio = Account.Model.Field(a => a.Bio);

    private async Task<string[]> EmailsAsync(Filter<Account> filter) =>
        [.. (await Accounts.FindManyAsync(filter, new FindOptions<Account> { OrderBy = Email })).Select(a => a.Email)];

    [Test]
    public async Task TextSearch_ContainsStartsWithEndsWith_IgnoreCase()
    {
        await InsertAccountAsync("Alice.Smith@Example.com", 1);
        await InsertAccountAsync("bob.SMITH@example.org", 2);
        await InsertAccountAsync("carol@example.com", 3);

        Assert.That(await EmailsAsync(Filter<Account>.Contains(Email, "smith")), Is.EqualTo(new[] { "Alice.Smith@Example.com", "bob.SMITH@example.org" }));
        Assert.That(await EmailsAsync(Filter<Account>.Contains(Email, "SMITH@EXAMPLE")), Is.EqualTo(new[] { "Alice.Smith@Example.com", "bob.SMITH@example.org" }));
        Assert.That(await EmailsAsync(Filter<Account>.StartsWith(Email, "ALICE")), Is.EqualTo(new[] { "Alice.Smith@Example.com" }));
        Assert.That(await EmailsAsync(Filter<Account>.StartsWith(Email, "smith")), Is.Empty, "a prefix, not a substring");
        Assert.That(await EmailsAsync(Filter<Account>.EndsWith(Email, "EXAMPLE.COM")), Is.EqualTo(new[] { "Alice.Smith@Example.com", "carol@example.com" }));
        Assert.That(await EmailsAsync(Filter<Account>.EndsWith(Email, "example")), Is.Empty, "a suffix, not a substring");
        Assert.That(await Accounts.CountAsync(Filter<Account>.Contains(Email, "@")), Is.EqualTo(3));
    }

    [Test]
    public async Task TextSearch_WildcardsAndEscapeInTheText_MatchLiterally()
    {
        await InsertAccountAsync("100%@example.com", 1);
        await InsertAccountAsync("1000@example.com", 2);
        await InsertAccountAsync("a_b@example.com", 3);
        await InsertAccountAsync("axb@example.com", 4);
        await InsertAccountAsync(@"back\slash@example.com", 5);
        await InsertAccountAsync("backslash@example.com", 6);

        Assert.That(await EmailsAsync(Filter<Account>.Contains(Email, "%")), Is.EqualTo(new[] { "100%@example.com" }), "% is a character");
        Assert.That(await EmailsAsync(Filter<Account>.StartsWith(Email, "100%")), Is.EqualTo(new[] { "100%@example.com" }));
        Assert.That(await EmailsAsync(Filter<Account>.Contains(Email, "_")), Is.EqualTo(new[] { "a_b@example.com" }), "_ is a character");
        Assert.That(await EmailsAsync(Filter<Account>.StartsWith(Email, "A_B")), Is.EqualTo(new[] { "a_b@example.com" }));
        Assert.That(await EmailsAsync(Filter<Account>.Contains(Email, @"k\s")), Is.EqualTo(new[] { @"back\slash@example.com" }), @"\ is a character, not an escape");
        Assert.That(await EmailsAsync(Filter<Account>.EndsWith(Email, @"\")), Is.Empty, @"a trailing \ escapes nothing");
        Assert.That(await EmailsAsync(Filter<Account>.Contains(Email, @"\%")), Is.Empty);
        Assert.That(await EmailsAsync(Filter<Account>.Contains(Email, "'; DROP TABLE x; --")), Is.Empty, "the text is a parameter, never SQL");
    }

    [Test]
    public async Task TextSearch_NullableAndUnlimitedFields_NeverMatchNullAndEmptyTextMatchesTheRest()
    {
        var described = NewAccount("described@example.com");
        described.Bio = "Writes COMPILERS for a living; " + new string('x', 5000);
        described.Nickname = "Ada";
        await Accounts.InsertAsync(described);
        await InsertAccountAsync("plain@example.com");

        Assert.That(await EmailsAsync(Filter<Account>.Contains(Bio, "compilers")), Is.EqualTo(new[] { "described@example.com" }));
        Assert.That(await EmailsAsync(Filter<Account>.EndsWith(Bio, "XXX")), Is.EqualTo(new[] { "described@example.com" }));
        Assert.That(await EmailsAsync(Filter<Account>.Contains(Nickname, "")), Is.EqualTo(new[] { "described@example.com" }), "empty text: every non-null value");
        Assert.That(await EmailsAsync(Filter<Account>.StartsWith(Email, "")), Has.Length.EqualTo(2));
    }

    [Test]
    public async Task TextSearch_CombinedWithOtherConditions_AndOrAndWrites()
    {
        await InsertAccountAsync("ada@example.com", 1);
        await InsertAccountAsync("adam@example.com", 2);
        await InsertAccountAsync("grace@example.org", 3);

        Assert.That(await EmailsAsync(Filter<Account>.StartsWith(Email, "ADA") & Filter<Account>.Where(Score, Comparison.GreaterThan, 1)), Is.EqualTo(new[] { "adam@example.com" }));
        Assert.That(await EmailsAsync(Filter<Account>.EndsWith(Email, ".org") | Filter<Account>.Where(Score, 1)), Is.EqualTo(new[] { "ada@example.com", "grace@example.org" }));
        Assert.That(await EmailsAsync(Filter<Account>.Contains(Email, "example") & Filter<Account>.Where(Email, Comparison.Contains, "EXAMPLE")), Is.Empty, "Comparison.Contains stays case-sensitive, in the same statement");

        Assert.That(await Accounts.UpdateWhereAsync(Filter<Account>.EndsWith(Email, ".COM"), Changes<Account>.Of(Nickname, "dotcom")), Is.EqualTo(2));
        Assert.That(await EmailsAsync(Filter<Account>.Where(Nickname, "dotcom")), Is.EqualTo(new[] { "ada@example.com", "adam@example.com" }));
        Assert.That(await Accounts.DeleteWhereAsync(Filter<Account>.Contains(Email, "GRACE")), Is.EqualTo(1));
        Assert.That(await Accounts.FindOneAsync(Filter<Account>.StartsWith(Email, "adam")), Has.Property(nameof(Account.Score)).EqualTo(2));
    }

    [Test]
    public void TextSearch_OnANonStringField_FailsNamingTheField()
    {
        var error = Assert.Throws<ArgumentException>(() => Filter<Account>.Contains(Score, "1"));

        Assert.That(error!.Message, Does.Contain("Account.Score holds Int32").And.Contain("string fields only"));
        Assert.That(() => Filter<Account>.StartsWith(SeenAt, "2026"), Throws.ArgumentException.With.Message.Contain("Account.SeenAt"));
        Assert.That(() => Filter<Account>.EndsWith(Email, null!), Throws.ArgumentNullException);
    }

    [Test]
    public async Task TextSearch_NulInTheText_IsABadRequestNotAStoreError()
    {
        await InsertAccountAsync("ada@example.com");

        var error = Assert.Throws<FieldValidationException>(() => Filter<Account>.Contains(Email, "ada\0"));

        Assert.That(error!.StatusCode, Is.EqualTo(400));
        Assert.That(await Accounts.CountAsync(Filter<Account>.All), Is.EqualTo(1));
    }
}
