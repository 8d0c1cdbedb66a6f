using JustScale.Auth.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Docs;

/// <summary>Runs the service snippets of the auth docs page, in C#, as docs/auth.md shows them.</summary>
[TestFixture]
public sealed class DocsSnippetTests
{
    private AuthTestCluster _auth = null!;

    [SetUp]
    public async Task SetUp() => _auth = await AuthTestCluster.CreateAsync(StoreKind.InMemory, new FakeTimeProvider(DateTimeOffset.UtcNow));

    [TearDown]
    public async Task TearDown() => await _auth.DisposeAsync();

    [Test]
    public async Task UserServiceMethods_AsDocumented()
    {
        var users = _auth.Cluster.Resolve<UserService>();
        string email = "ada@example.com", password = "correct horse battery staple", name = "Ada", newPassword = "a new passphrase";

        // Registration
        var user = await users.RegisterAsync(email, password, name);

        // Authentication (returns user or null)
        var authenticated = await users.AuthenticateAsync(email, password);

        // Lookup
        var byId = await users.FindByIdAsync(user.Id);
        var byEmail = await users.FindByEmailAsync(email);

        // Updates
        await users.UpdatePasswordAsync(user.Id, newPassword);
        await users.VerifyEmailAsync(user.Id); // Sets EmailVerifiedAt

        Assert.That(authenticated?.Id, Is.EqualTo(user.Id));
        Assert.That((byId?.Id, byEmail?.Id), Is.EqualTo((user.Id, user.Id)));
        Assert.That(await users.AuthenticateAsync(email, newPassword), Is.Not.Null);
        Assert.That((await users.FindByIdAsync(user.Id))!.EmailVerifiedAt, Is.Not.Null);
    }

    [Test]
    public async Task SessionServiceMethods_AsDocumented()
    {
        var sessions = _auth.Cluster.Resolve<SessionService>();
        var user = await _auth.Users.RegisterAsync("ada@example.com", "correct horse battery staple");
        string userAgent = "curl/8.5", ip = "203.0.113.7";

        // Create session (default TTL: 7 days)
        var session = await sessions.CreateAsync(user, new CreateSessionOptions
        {
            UserAgent = userAgent, // ctx.Headers.UserAgent in a route
            IpAddress = ip,        // ctx.ClientIp in a route
            Ttl = TimeSpan.FromDays(30),
        });

        // Lookup (returns null if expired)
        var found = await sessions.FindByTokenAsync(session.Token);

        // Update activity timestamp
        await sessions.TouchAsync(session.Id);

        // Logout
        await sessions.RevokeAsync(session.Id);
        await sessions.RevokeAllForUserAsync(user); // Logout everywhere

        // Cleanup
        await sessions.RevokeExpiredAsync(); // Remove expired sessions

        Assert.That(found?.Id, Is.EqualTo(session.Id));
        Assert.That(await sessions.FindByTokenAsync(session.Token), Is.Null);
    }

    [Test]
    public async Task PasswordService_AsDocumented()
    {
        var passwords = _auth.Cluster.Resolve<PasswordService>();

        // Hash a password (scrypt with random salt)
        var hash = await passwords.HashAsync("user-password");
        // Returns: "salt:derivedKey" (hex encoded)

        // Verify password (timing-safe)
        var valid = await passwords.VerifyAsync("user-password", hash);

        Assert.That(hash, Does.Match("^[0-9a-f]{64}:[0-9a-f]{128}$"));
        Assert.That(valid, Is.True);
    }
}
