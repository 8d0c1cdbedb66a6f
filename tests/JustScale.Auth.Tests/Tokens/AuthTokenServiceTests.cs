using System.Security.Cryptography;
using System.Text;
using JustScale.Auth.Tests.Support;
using JustScale.Core;
using JustScale.Postgres;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Tokens;

[TestFixture(StoreKind.InMemory)]
[TestFixture(StoreKind.Postgres)]
public sealed class AuthTokenServiceTests(StoreKind store)
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _time = new(Start);
    private AuthTestCluster _auth = null!;
    private AuthTokenService _tokens = null!;
    private User _user = null!;

    private IRepository<AuthToken> Repository => _auth.Cluster.Resolve<IRepository<AuthToken>>();

    [SetUp]
    public async Task SetUp()
    {
        _time = new FakeTimeProvider(Start);
        _auth = await AuthTestCluster.CreateAsync(store, _time, compose: builder => builder.Add(store == StoreKind.Postgres
            ? PgRepository.Create(PgModel.Create<AuthToken>(new PgModelOptions { Table = "auth_tokens" }))
            : InMemoryRepository.For<AuthToken>()));
        _tokens = new AuthTokenService(Repository, new AuthTokenOptions(), _time);
        _user = await _auth.Users.RegisterAsync("ada@example.com", "correct horse battery staple");
    }

    [TearDown]
    public async Task TearDown() => await _auth.DisposeAsync();

    private static string Sha256Hex(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private async Task<IReadOnlyList<AuthToken>> RowsAsync() => await Repository.FindManyAsync(Filter<AuthToken>.All);

    [Test]
    public async Task Issue_ResetPassword_64LowercaseHexStoredOnlyAsSha256ForOneHour()
    {
        var token = await _tokens.IssueAsync(_user, AuthTokenPurpose.ResetPassword);

        var row = (await RowsAsync()).Single();
        Assert.That(token, Does.Match("^[0-9a-f]{64}$"));
        Assert.That(row.TokenHash, Is.EqualTo(Sha256Hex(token)));
        Assert.That(row.Purpose, Is.EqualTo(AuthTokenPurpose.ResetPassword));
        Assert.That(row.User.Id, Is.EqualTo(_user.Id));
        Assert.That(row.ExpiresAt, Is.EqualTo(Start.AddHours(1)));
        Assert.That(row.ToString(), Does.Not.Contain(row.TokenHash));
    }

    [Test]
    public async Task Issue_VerifyEmail_Lasts24Hours()
    {
        await _tokens.IssueAsync(_user, AuthTokenPurpose.VerifyEmail);

        Assert.That((await RowsAsync()).Single().ExpiresAt, Is.EqualTo(Start.AddHours(24)));
    }

    [Test]
    public void Issue_UnknownPurpose_ThrowsArgumentException()
    {
        Assert.ThrowsAsync<ArgumentException>(() => _tokens.IssueAsync(_user, "login_link"));
    }

    [Test]
    public async Task Consume_FreshToken_ReturnsTheUserOnceAndDeletesTheRow()
    {
        var token = await _tokens.IssueAsync(_user, AuthTokenPurpose.ResetPassword);

        var first = await _tokens.ConsumeAsync(token, AuthTokenPurpose.ResetPassword);
        var second = await _tokens.ConsumeAsync(token, AuthTokenPurpose.ResetPassword);

        Assert.That(first?.Id, Is.EqualTo(_user.Id));
        Assert.That(second, Is.Null);
        Assert.That(await RowsAsync(), Is.Empty);
    }

    [Test]
    public async Task Consume_WrongPurpose_NullAndTheTokenStillWorksForItsOwn()
    {
        var token = await _tokens.IssueAsync(_user, AuthTokenPurpose.VerifyEmail);

        var wrong = await _tokens.ConsumeAsync(token, AuthTokenPurpose.ResetPassword);
        var right = await _tokens.ConsumeAsync(token, AuthTokenPurpose.VerifyEmail);

        Assert.That(wrong, Is.Null);
        Assert.That(right?.Id, Is.EqualTo(_user.Id));
    }

    [Test]
    public async Task Issue_Twice_OlderTokenReplacedOtherPurposeKept()
    {
        var verify = await _tokens.IssueAsync(_user, AuthTokenPurpose.VerifyEmail);
        var older = await _tokens.IssueAsync(_user, AuthTokenPurpose.ResetPassword);
        var newer = await _tokens.IssueAsync(_user, AuthTokenPurpose.ResetPassword);

        Assert.That(await RowsAsync(), Has.Count.EqualTo(2));
        Assert.That(await _tokens.ConsumeAsync(older, AuthTokenPurpose.ResetPassword), Is.Null);
        Assert.That((await _tokens.ConsumeAsync(newer, AuthTokenPurpose.ResetPassword))?.Id, Is.EqualTo(_user.Id));
        Assert.That((await _tokens.ConsumeAsync(verify, AuthTokenPurpose.VerifyEmail))?.Id, Is.EqualTo(_user.Id));
    }

    [Test]
    public async Task Issue_ForAnotherUser_KeepsTheFirstUsersToken()
    {
        var other = await _auth.Users.RegisterAsync("grace@example.com", "correct horse battery staple");
        var mine = await _tokens.IssueAsync(_user, AuthTokenPurpose.ResetPassword);
        var theirs = await _tokens.IssueAsync(other, AuthTokenPurpose.ResetPassword);

        Assert.That((await _tokens.ConsumeAsync(mine, AuthTokenPurpose.ResetPassword))?.Id, Is.EqualTo(_user.Id));
        Assert.That((await _tokens.ConsumeAsync(theirs, AuthTokenPurpose.ResetPassword))?.Id, Is.EqualTo(other.Id));
    }

    [Test]
    public async Task Consume_OneMicrosecondBeforeExpiry_ReturnsTheUser()
    {
        var token = await _tokens.IssueAsync(_user, AuthTokenPurpose.ResetPassword);

        _time.SetUtcNow(Start.AddHours(1).AddTicks(-10));

        Assert.That((await _tokens.ConsumeAsync(token, AuthTokenPurpose.ResetPassword))?.Id, Is.EqualTo(_user.Id));
    }

    [Test]
    public async Task Consume_AtExpiry_NullAndRowDeleted()
    {
        var token = await _tokens.IssueAsync(_user, AuthTokenPurpose.ResetPassword);

        _time.SetUtcNow(Start.AddHours(1));

        Assert.That(await _tokens.ConsumeAsync(token, AuthTokenPurpose.ResetPassword), Is.Null);
        Assert.That(await RowsAsync(), Is.Empty);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("abc")]
    [TestCase("0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task Consume_MalformedOrUnknown_Null(string? token)
    {
        await _tokens.IssueAsync(_user, AuthTokenPurpose.ResetPassword);

        Assert.That(await _tokens.ConsumeAsync(token, AuthTokenPurpose.ResetPassword), Is.Null);
        Assert.That(await RowsAsync(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Consume_UppercasedOrStoredHash_Null()
    {
        var token = await _tokens.IssueAsync(_user, AuthTokenPurpose.ResetPassword);

        Assert.That(await _tokens.ConsumeAsync(token.ToUpperInvariant(), AuthTokenPurpose.ResetPassword), Is.Null);
        Assert.That(await _tokens.ConsumeAsync(Sha256Hex(token), AuthTokenPurpose.ResetPassword), Is.Null);
        Assert.That((await _tokens.ConsumeAsync(token, AuthTokenPurpose.ResetPassword))?.Id, Is.EqualTo(_user.Id));
    }

    [Test]
    public async Task Consume_EightRacersOnOneToken_ExactlyOneGetsTheUser()
    {
        var token = await _tokens.IssueAsync(_user, AuthTokenPurpose.ResetPassword);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _tokens.ConsumeAsync(token, AuthTokenPurpose.ResetPassword))));

        Assert.That(results.Count(r => r is not null), Is.EqualTo(1));
        Assert.That(results.Single(r => r is not null)?.Id, Is.EqualTo(_user.Id));
    }

    [Test]
    public async Task RevokeAllForUser_TwoPurposes_DeletesBothAndKeepsOtherUsers()
    {
        var other = await _auth.Users.RegisterAsync("grace@example.com", "correct horse battery staple");
        var verify = await _tokens.IssueAsync(_user, AuthTokenPurpose.VerifyEmail);
        var reset = await _tokens.IssueAsync(_user, AuthTokenPurpose.ResetPassword);
        var theirs = await _tokens.IssueAsync(other, AuthTokenPurpose.ResetPassword);

        var revoked = await _tokens.RevokeAllForUserAsync(_user);

        Assert.That(revoked, Is.EqualTo(2));
        Assert.That(await _tokens.ConsumeAsync(verify, AuthTokenPurpose.VerifyEmail), Is.Null);
        Assert.That(await _tokens.ConsumeAsync(reset, AuthTokenPurpose.ResetPassword), Is.Null);
        Assert.That((await _tokens.ConsumeAsync(theirs, AuthTokenPurpose.ResetPassword))?.Id, Is.EqualTo(other.Id));
    }

    [Test]
    public void TtlOf_Defaults_OneHourResetAnd24HoursVerify()
    {
        Assert.That(_tokens.TtlOf(AuthTokenPurpose.ResetPassword), Is.EqualTo(TimeSpan.FromHours(1)));
        Assert.That(_tokens.TtlOf(AuthTokenPurpose.VerifyEmail), Is.EqualTo(TimeSpan.FromHours(24)));
    }
}
