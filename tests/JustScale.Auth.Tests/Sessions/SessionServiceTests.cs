using System.Security.Cryptography;
using System.Text;
using JustScale.Auth.Tests.Support;
using JustScale.Core;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Sessions;

[TestFixture(StoreKind.InMemory)]
[TestFixture(StoreKind.Postgres)]
public sealed class SessionServiceTests(StoreKind store)
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _time = new(Start);
    private AuthTestCluster _auth = null!;
    private User _user = null!;

    private SessionService Sessions => _auth.Sessions;

    [SetUp]
    public async Task SetUp()
    {
        _time = new FakeTimeProvider(Start);
        _auth = await AuthTestCluster.CreateAsync(store, _time, options => options.RevokeExpiredBatchSize = 3);
        _user = await _auth.Users.RegisterAsync("ada@example.com", "correct horse battery staple");
    }

    [TearDown]
    public async Task TearDown() => await _auth.DisposeAsync();

    [Test]
    public async Task Create_Token_Is64LowercaseHexAndStoredOnlyAsSha256()
    {
        var session = await Sessions.CreateAsync(_user);

        var stored = await _auth.SessionRepository.GetAsync(session.Id);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(session.Token)));
        Assert.That(session.Token, Does.Match("^[0-9a-f]{64}$"));
        Assert.That(stored!.Token, Is.EqualTo(digest));
        Assert.That(stored.Token, Is.Not.EqualTo(session.Token));
        Assert.That(_auth.LogLines, Has.None.Contains(session.Token));
    }

    [Test]
    public async Task Create_Twice_DistinctTokens()
    {
        var first = await Sessions.CreateAsync(_user);
        var second = await Sessions.CreateAsync(_user);

        Assert.That(first.Token, Is.Not.EqualTo(second.Token));
    }

    [Test]
    public async Task Create_DefaultTtl_SevenDaysAndClientDetailsKept()
    {
        var session = await Sessions.CreateAsync(_user, new CreateSessionOptions { UserAgent = "curl/8", IpAddress = "203.0.113.9" });

        var stored = await _auth.SessionRepository.GetAsync(session.Id);
        Assert.That(stored!.ExpiresAt, Is.EqualTo(Start.AddDays(7)));
        Assert.That(stored.LastActiveAt, Is.EqualTo(Start));
        Assert.That(stored.UserAgent, Is.EqualTo("curl/8"));
        Assert.That(stored.IpAddress, Is.EqualTo("203.0.113.9"));
        Assert.That(stored.User.Id, Is.EqualTo(_user.Id));
    }

    [Test]
    public async Task Create_HostileUserAgent_CutAndCleanedNotRefused()
    {
        var session = await Sessions.CreateAsync(_user, new CreateSessionOptions { UserAgent = "bad\0agent" + new string('x', 2000), IpAddress = new string('1', 100) });

        var stored = await _auth.SessionRepository.GetAsync(session.Id);
        Assert.That(stored!.UserAgent, Has.Length.EqualTo(500));
        Assert.That(stored.UserAgent, Does.StartWith("badagent"));
        Assert.That(stored.IpAddress, Is.Null);
    }

    [Test]
    public async Task FindByToken_OneTickBeforeExpiry_ValidAndAtExpiry_GoneWithRowDeleted()
    {
        var session = await Sessions.CreateAsync(_user, new CreateSessionOptions { Ttl = TimeSpan.FromDays(30) });

        _time.SetUtcNow(Start.AddDays(30).AddTicks(-10));
        Assert.That((await Sessions.FindByTokenAsync(session.Token))?.Id, Is.EqualTo(session.Id));

        _time.SetUtcNow(Start.AddDays(30));
        Assert.That(await Sessions.FindByTokenAsync(session.Token), Is.Null);
        Assert.That(await _auth.SessionRepository.GetAsync(session.Id), Is.Null);
    }

    [Test]
    public async Task Create_ZeroTtl_AlreadyExpired()
    {
        var session = await Sessions.CreateAsync(_user, new CreateSessionOptions { Ttl = TimeSpan.Zero });

        Assert.That(await Sessions.FindByTokenAsync(session.Token), Is.Null);
    }

    [Test]
    public async Task FindByToken_UppercasedTamperedEmptyOrGarbage_ReturnsNull()
    {
        var session = await Sessions.CreateAsync(_user);
        var tampered = (session.Token[0] == 'a' ? 'b' : 'a') + session.Token[1..];

        Assert.That(await Sessions.FindByTokenAsync(session.Token.ToUpperInvariant()), Is.Null);
        Assert.That(await Sessions.FindByTokenAsync(tampered), Is.Null);
        Assert.That(await Sessions.FindByTokenAsync(""), Is.Null);
        Assert.That(await Sessions.FindByTokenAsync("' OR '1'='1"), Is.Null);
        Assert.That(await Sessions.FindByTokenAsync(session.Token + "00"), Is.Null);
        Assert.That(await Sessions.FindByTokenAsync(_auth.SessionRepository.GetAsync(session.Id).Result!.Token), Is.Null, "the stored digest is not a token");
        Assert.That((await Sessions.FindByTokenAsync(session.Token))?.Id, Is.EqualTo(session.Id));
    }

    [Test]
    public async Task FindWithUser_ReturnsSessionAndItsUser()
    {
        var session = await Sessions.CreateAsync(_user);

        var found = await Sessions.FindWithUserAsync(session.Token);

        Assert.That(found?.Entity.Id, Is.EqualTo(session.Id));
        Assert.That(found!.Referenced.Email, Is.EqualTo("ada@example.com"));
    }

    [Test]
    public async Task Touch_UpdatesLastActiveButNeverExpiresAt()
    {
        var session = await Sessions.CreateAsync(_user);
        _time.Advance(TimeSpan.FromHours(5));

        Assert.That(await Sessions.TouchAsync(session.Id), Is.True);

        var stored = await _auth.SessionRepository.GetAsync(session.Id);
        Assert.That(stored!.LastActiveAt, Is.EqualTo(Start.AddHours(5)));
        Assert.That(stored.ExpiresAt, Is.EqualTo(Start.AddDays(7)));
        Assert.That(await Sessions.TouchAsync(Guid.NewGuid()), Is.False);
    }

    [Test]
    public async Task TouchIfStale_WritesAtMostOncePerInterval()
    {
        var session = await Sessions.CreateAsync(_user);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.That(await Sessions.TouchIfStaleAsync(session), Is.False);

        _time.Advance(TimeSpan.FromSeconds(30));
        var first = await Sessions.TouchIfStaleAsync(await Sessions.FindByTokenAsync(session.Token) ?? throw new AssertionException("gone"));
        var second = await Sessions.TouchIfStaleAsync(await Sessions.FindByTokenAsync(session.Token) ?? throw new AssertionException("gone"));

        Assert.That((first, second), Is.EqualTo((true, false)));
        Assert.That((await _auth.SessionRepository.GetAsync(session.Id))!.LastActiveAt, Is.EqualTo(Start.AddMinutes(1)));
    }

    [Test]
    public async Task Revoke_Session_TokenNoLongerFound()
    {
        var session = await Sessions.CreateAsync(_user);

        Assert.That(await Sessions.RevokeAsync(session.Id), Is.True);

        Assert.That(await Sessions.FindByTokenAsync(session.Token), Is.Null);
        Assert.That(await Sessions.RevokeAsync(session.Id), Is.False);
    }

    [Test]
    public async Task RevokeAllForUser_CountsAndCanKeepOneToken()
    {
        var other = await _auth.Users.RegisterAsync("bob@example.com", "another passphrase");
        var keep = await Sessions.CreateAsync(_user);
        await Sessions.CreateAsync(_user);
        await Sessions.CreateAsync(_user);
        var bobs = await Sessions.CreateAsync(other);

        Assert.That(await Sessions.RevokeAllForUserAsync(_user, exceptToken: keep.Token), Is.EqualTo(2));
        Assert.That(await Sessions.FindByTokenAsync(keep.Token), Is.Not.Null);
        Assert.That(await Sessions.RevokeAllForUserAsync(_user), Is.EqualTo(1));
        Assert.That(await Sessions.FindByTokenAsync(bobs.Token), Is.Not.Null);
    }

    [Test]
    public async Task RevokeExpired_ManyExpired_DeletesAllInBatchesAndKeepsLive()
    {
        for (var i = 0; i < 10; i++)
        {
            await Sessions.CreateAsync(_user, new CreateSessionOptions { Ttl = TimeSpan.FromHours(1) });
        }

        var live = await Sessions.CreateAsync(_user, new CreateSessionOptions { Ttl = TimeSpan.FromDays(2) });
        _time.Advance(TimeSpan.FromHours(1));

        Assert.That(await Sessions.RevokeExpiredAsync(), Is.EqualTo(10));
        Assert.That(await _auth.SessionRepository.CountAsync(Filter<Session>.All), Is.EqualTo(1));
        Assert.That(await Sessions.FindByTokenAsync(live.Token), Is.Not.Null);
    }

    [Test]
    public async Task DeleteUser_CascadesToSessions()
    {
        var session = await Sessions.CreateAsync(_user);

        await _auth.UserRepository.DeleteAsync(_user.Id);

        Assert.That(await Sessions.FindByTokenAsync(session.Token), Is.Null);
        Assert.That(await _auth.SessionRepository.CountAsync(Filter<Session>.All), Is.Zero);
    }
}
