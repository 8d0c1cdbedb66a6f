using JustScale.Auth.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Users;

/// <summary>Emails are NFKC-normalised, so lookalikes are one account, and refused when they hold invisible or direction-changing characters.</summary>
[TestFixture(StoreKind.InMemory)]
[TestFixture(StoreKind.Postgres)]
public sealed class EmailLookalikeTests(StoreKind store)
{
    private const string Password = "correct horse battery staple";
    private AuthTestCluster _auth = null!;

    [SetUp]
    public async Task SetUp()
    {
        _auth = await AuthTestCluster.CreateAsync(store, new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero)));
        await _auth.Users.RegisterAsync("jose@example.com", Password);
        await _auth.Users.RegisterAsync("ren\u00e9@example.com", Password); // "rené", precomposed
    }

    [TearDown]
    public async Task TearDown() => await _auth.DisposeAsync();

    [TestCase("jo\u200Bse@example.com", TestName = "zero-width space")]
    [TestCase("jo\u00ADse@example.com", TestName = "soft hyphen")]
    [TestCase("jo\u2060se@example.com", TestName = "word joiner")]
    [TestCase("jo\u202Ese@example.com", TestName = "right-to-left override")]
    [TestCase("jo\u2066se@example.com", TestName = "left-to-right isolate")]
    [TestCase("jo\uFEFFse@example.com", TestName = "byte order mark")]
    [TestCase("jo\u3164se@example.com", TestName = "Hangul filler")]
    [TestCase("jo\uFE0Fse@example.com", TestName = "variation selector")]
    [TestCase("jo se@example.com", TestName = "space inside")]
    public void Register_InvisibleCharacter_400InvalidEmailAndNoUser(string email)
    {
        var error = Assert.ThrowsAsync<InvalidAuthInputException>(() => _auth.Users.RegisterAsync(email, Password))!;

        Assert.That(error.Code, Is.EqualTo("invalid_email"));
        Assert.That(error.StatusCode, Is.EqualTo(400));
    }

    [TestCase("\uFF4A\uFF4F\uFF53\uFF45@example.com", TestName = "fullwidth letters")]
    [TestCase("JOSE@EXAMPLE.COM", TestName = "upper case")]
    [TestCase("rene\u0301@example.com", TestName = "decomposed accent (NFD)")]
    [TestCase("RENE\u0301@example.com", TestName = "decomposed accent, upper case")]
    public async Task Register_LookalikeOfAnExistingAccount_409AndLoginWithItFindsThatAccount(string email)
    {
        var original = email.Contains('e', StringComparison.OrdinalIgnoreCase) && email.Contains('\u0301', StringComparison.Ordinal)
            ? "ren\u00e9@example.com"
            : "jose@example.com";

        Assert.ThrowsAsync<UserExistsException>(() => _auth.Users.RegisterAsync(email, Password));
        var loggedIn = await _auth.Users.AuthenticateAsync(email, Password);

        Assert.That(loggedIn?.Email, Is.EqualTo(original));
    }

    [Test]
    public void NormalizeEmail_LoneSurrogate_DoesNotThrowAndNeverRegisters()
    {
        Assert.That(UserService.NormalizeEmail("a\ud800@b.c"), Is.EqualTo("a\ud800@b.c"));
        Assert.ThrowsAsync<InvalidAuthInputException>(() => _auth.Users.RegisterAsync("a\ud800@b.c", Password));
    }

    [TestCase(0)]
    [TestCase(1)]
    public void Register_NameWithNulOrLoneSurrogate_400NamingTheJsonFieldBeforeAnyHashing(int which)
    {
        var name = which == 0 ? "Ada\0" : "Ada" + (char)0xD800; // built here: an attribute cannot carry a lone surrogate
        var error = Assert.ThrowsAsync<InvalidAuthInputException>(() => _auth.Users.RegisterAsync("nul@example.com", Password, name))!;

        Assert.That(error.Message, Does.StartWith("name "));
        Assert.That(error.Code, Is.EqualTo("invalid_name"));
    }
}
