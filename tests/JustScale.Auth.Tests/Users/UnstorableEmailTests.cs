using JustScale.Auth.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Users;

/// <summary>An email with a NUL character (which PostgreSQL refuses even as a query parameter) is an unknown email on every store.</summary>
[TestFixture(StoreKind.InMemory)]
[TestFixture(StoreKind.Postgres)]
public sealed class UnstorableEmailTests(StoreKind store)
{
    private const string Password = "correct horse battery staple";
    private AuthTestCluster _auth = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _auth = await AuthTestCluster.CreateAsync(store, new FakeTimeProvider(DateTimeOffset.UnixEpoch));
        await _auth.Users.RegisterAsync("ada@example.com", Password);
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _auth.DisposeAsync();

    [TestCase("ada@example.com\0")]
    [TestCase("\0")]
    [TestCase("a\0@b.c")]
    public async Task Authenticate_EmailWithNul_ReturnsNullLikeAnUnknownEmail(string email)
    {
        Assert.That(await _auth.Users.AuthenticateAsync(email, Password), Is.Null);
    }

    [Test]
    public async Task FindByEmail_EmailWithNul_ReturnsNull()
    {
        Assert.That(await _auth.Users.FindByEmailAsync("ada@example.com\0"), Is.Null);
        Assert.That(await _auth.Users.FindByEmailAsync("ada@example.com"), Is.Not.Null);
    }

    [Test]
    public void Register_EmailWithNul_InvalidEmail()
    {
        var error = Assert.ThrowsAsync<InvalidAuthInputException>(() => _auth.Users.RegisterAsync("b\0@example.com", Password));

        Assert.That(error!.Message, Is.EqualTo("Invalid email"));
    }
}
