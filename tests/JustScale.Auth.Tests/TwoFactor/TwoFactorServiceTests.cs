using JustScale.Auth.Tests.Support;
using JustScale.Core;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.TwoFactor;

/// <summary>Runs TwoFactorService and the session gate on each store: the second step every CreateAsync enforces, races on one code, the per-user failure limit.</summary>
[TestFixture(StoreKind.InMemory)]
[TestFixture(StoreKind.Postgres)]
public sealed class TwoFactorServiceTests(StoreKind store)
{
    private const string Password = "correct horse battery staple";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 1, 8, 0, 5, TimeSpan.Zero));
    private AuthTestCluster _cluster = null!;

    private TwoFactorService TwoFactor => _cluster.Cluster.Resolve<TwoFactorService>();

    [OneTimeSetUp]
    public async Task Start() => _cluster = await AuthTestCluster.CreateAsync(
        store, _time, options => options.RateLimits = TwoFactorStore.StrictFailures(), builder => TwoFactorStore.Add(builder, store));

    [OneTimeTearDown]
    public async Task Stop() => await _cluster.DisposeAsync();

    [Test]
    public async Task AuthenticateThenSignIn_TwoFactorUser_ReturnsTicketAndNoSession()
    {
        var (user, _) = await EnabledUserAsync();

        var authenticated = await _cluster.Users.AuthenticateAsync(user.Email, Password);
        var result = await _cluster.Sessions.SignInAsync(authenticated!);
        var sessions = await _cluster.Sessions.ListForUserAsync(user);

        Assert.That(result.RequiresTwoFactor, Is.True);
        Assert.That(result.Session, Is.Null);
        Assert.That(result.TwoFactorTicket, Does.Match("^[0-9a-f]{64}$"));
        Assert.That(result.TwoFactorExpiresAt, Is.EqualTo(_time.GetUtcNow() + TimeSpan.FromMinutes(5)));
        Assert.That(result.ToString(), Does.Not.Contain(result.TwoFactorTicket!));
        Assert.That(sessions, Is.Empty);
    }

    [Test]
    public async Task CreateAsync_TwoFactorUser_RefusedWithoutSessionOrTicket()
    {
        var (user, _) = await EnabledUserAsync();
        var tickets = _cluster.Cluster.Resolve<IRepository<TwoFactorTicket>>();
        var before = await tickets.CountAsync(Filter<TwoFactorTicket>.All);

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => _cluster.Sessions.CreateAsync(user));

        Assert.That(error!.Message, Does.Contain("SignInAsync"));
        Assert.That(await _cluster.Sessions.ListForUserAsync(user), Is.Empty);
        Assert.That(await tickets.CountAsync(Filter<TwoFactorTicket>.All), Is.EqualTo(before));
    }

    [Test]
    public async Task SignInAsync_NewChallenge_SweepsExpiredTickets()
    {
        var (first, _) = await EnabledUserAsync();
        var (second, _) = await EnabledUserAsync();
        var tickets = _cluster.Cluster.Resolve<IRepository<TwoFactorTicket>>();
        Assert.That((await _cluster.Sessions.SignInAsync(first)).RequiresTwoFactor, Is.True);

        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.That((await _cluster.Sessions.SignInAsync(second)).RequiresTwoFactor, Is.True);

        Assert.That(await tickets.CountAsync(Filter<TwoFactorTicket>.All), Is.EqualTo(1));
    }

    [Test]
    public async Task CreateAsync_UserWithSetupNotConfirmed_SessionCreated()
    {
        var user = await _cluster.Users.RegisterAsync($"pending-{Guid.NewGuid():N}@example.com", Password);
        await TwoFactor.SetupAsync(user);

        var session = await _cluster.Sessions.CreateAsync(user);

        Assert.That(session.Token, Does.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    public async Task VerifyCode_SameCodeConcurrently_ExactlyOneAccepted()
    {
        var (user, secret) = await EnabledUserAsync();
        _time.Advance(TimeSpan.FromSeconds(30));
        var code = Totp.Code(secret, Totp.StepAt(_time.GetUtcNow()));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => AcceptedAsync(user, code))));

        Assert.That(results.Count(accepted => accepted), Is.EqualTo(1));
    }

    [Test]
    public async Task VerifyCode_RecoveryCodeConcurrently_ExactlyOneAccepted()
    {
        var (user, _, codes) = await EnabledUserWithCodesAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => AcceptedAsync(user, codes[0]))));

        Assert.That(results.Count(accepted => accepted), Is.EqualTo(1));
    }

    [Test]
    public async Task VerifyCode_FailureLimitReached_RightCodeRefused429UntilTheWindowEnds()
    {
        var (user, secret) = await EnabledUserAsync();
        _time.Advance(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 3; i++)
        {
            Assert.That(await TwoFactor.VerifyCodeAsync(user, "abcde-fghij"), Is.False);
        }

        var right = Totp.Code(secret, Totp.StepAt(_time.GetUtcNow()));
        var limited = Assert.ThrowsAsync<JustScaleException>(() => TwoFactor.VerifyCodeAsync(user, right))!;
        _time.Advance(TimeSpan.FromMinutes(15));
        var after = await TwoFactor.VerifyCodeAsync(user, Totp.Code(secret, Totp.StepAt(_time.GetUtcNow())));

        Assert.That(limited.StatusCode, Is.EqualTo(429));
        Assert.That(limited.Code, Is.EqualTo("two_factor_rate_limited"));
        Assert.That(limited.RetryAfter, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(15)));
        Assert.That(after, Is.True);
    }

    [Test]
    public async Task Disable_EnabledUser_RowsGoneAndLoginGivesSession()
    {
        var (user, _, _) = await EnabledUserWithCodesAsync();

        var disabled = await TwoFactor.DisableAsync(user);
        var codesLeft = await _cluster.Cluster.Resolve<IRepository<RecoveryCode>>().CountAsync(Filter<RecoveryCode>.Where(RecoveryCode.Model.Field(c => c.User), user.Id));
        var session = await _cluster.Sessions.CreateAsync(user);

        Assert.That(disabled, Is.True);
        Assert.That(await TwoFactor.IsEnabledAsync(user.Id), Is.False);
        Assert.That(codesLeft, Is.Zero);
        Assert.That(session.Token, Is.Not.Empty);
    }

    [Test]
    public async Task Protector_SecondInstanceOnTheSameKeyStore_DecryptsTheFirstsSecrets()
    {
        var keys = _cluster.Cluster.Resolve<IRepository<KeyRingEntry>>();
        using var first = TwoFactorProtector.Create(new TwoFactorOptions { KeyEncryptionKey = TwoFactorStore.TestKey }, keys, null);
        var stored = first.Protect([1, 2, 3, 4]);
        using var second = TwoFactorProtector.Create(new TwoFactorOptions { KeyEncryptionKey = TwoFactorStore.TestKey }, keys, null);

        Assert.That(second.Unprotect(stored), Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        Assert.That(await keys.CountAsync(Filter<KeyRingEntry>.All), Is.GreaterThanOrEqualTo(1));
    }

    // The losers count as wrong codes: past this fixture's limit of 3 they are refused 429, which is a refusal too.
    private async Task<bool> AcceptedAsync(User user, string code)
    {
        try
        {
            return await TwoFactor.VerifyCodeAsync(user, code);
        }
        catch (JustScaleException e) when (e.StatusCode == 429)
        {
            return false;
        }
    }

    private async Task<(User User, byte[] Secret)> EnabledUserAsync()
    {
        var (user, secret, _) = await EnabledUserWithCodesAsync();
        return (user, secret);
    }

    private async Task<(User User, byte[] Secret, IReadOnlyList<string> Codes)> EnabledUserWithCodesAsync()
    {
        var user = await _cluster.Users.RegisterAsync($"2fa-{Guid.NewGuid():N}@example.com", Password);
        var setup = await TwoFactor.SetupAsync(user);
        var secret = Base32.Decode(setup.Secret);
        var codes = await TwoFactor.EnableAsync(user, Totp.Code(secret, Totp.StepAt(_time.GetUtcNow())));
        Assert.That(codes, Has.Count.EqualTo(10));
        return (user, secret, codes!);
    }
}
