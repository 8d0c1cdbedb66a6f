using JustScale.Auth.Tests.Support;
using JustScale.Core;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.TwoFactor;

/// <summary>The per-user two-factor lockout (issue 25): each attempt is counted in one atomic statement before the code is
/// checked, so no concurrency passes the limit; past it an exponential back-off; at MaxConsecutiveFailures a lock a password reset ends.</summary>
[TestFixture(StoreKind.InMemory)]
[TestFixture(StoreKind.Postgres)]
public sealed class TwoFactorLockoutTests(StoreKind store)
{
    private const string Password = "correct horse battery staple";
    private const string Wrong = "abcd-efgh-ijkl-mnop";
    private FakeTimeProvider _time = null!;
    private AuthTestCluster _cluster = null!;

    private TwoFactorService TwoFactor => _cluster.Cluster.Resolve<TwoFactorService>();

    [SetUp]
    public async Task Start()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 8, 0, 5, TimeSpan.Zero));
        _cluster = await AuthTestCluster.CreateAsync(
            store, _time, options => options.RateLimits = TwoFactorStore.StrictFailures(),
            builder => TwoFactorStore.Add(builder, store, new TwoFactorOptions { MaxConsecutiveFailures = 6 }));
    }

    [TearDown]
    public async Task Stop() => await _cluster.DisposeAsync();

    [Test]
    public async Task VerifyCode_ManyWrongCodesAtOnce_AtMostTheLimitEvaluatedTheRest429()
    {
        var (user, _) = await EnabledUserAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Task.Run(() => OutcomeAsync(user, Wrong))));
        var row = await Secrets.FindOneAsync(Filter<TwoFactorSecret>.Where(TwoFactorSecret.Model.Field(s => s.User), user.Id));

        Assert.That(outcomes.Count(o => o == "wrong"), Is.EqualTo(3));
        Assert.That(outcomes.Count(o => o == "two_factor_rate_limited"), Is.EqualTo(21));
        Assert.That(row!.FailureCount, Is.EqualTo(3));
    }

    [Test]
    public async Task VerifyCode_PastTheLimit_EachAttemptWaitsABackOffThatDoubles()
    {
        var (user, secret) = await EnabledUserAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.That(await OutcomeAsync(user, Wrong), Is.EqualTo("wrong"));
        }

        var first = Assert.ThrowsAsync<JustScaleException>(() => TwoFactor.VerifyCodeAsync(user, Wrong))!;
        _time.Advance(TimeSpan.FromMinutes(15));
        var afterFirst = await OutcomeAsync(user, Wrong);
        var second = Assert.ThrowsAsync<JustScaleException>(() => TwoFactor.VerifyCodeAsync(user, Wrong))!;
        _time.Advance(TimeSpan.FromMinutes(30));
        var right = await TwoFactor.VerifyCodeAsync(user, Totp.Code(secret, Totp.StepAt(_time.GetUtcNow())));
        var freshAgain = await OutcomeAsync(user, Wrong);

        Assert.That(first.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(15)));
        Assert.That(afterFirst, Is.EqualTo("wrong"));
        Assert.That(second.Code, Is.EqualTo("two_factor_rate_limited"));
        Assert.That(second.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(30)));
        Assert.That(right, Is.True, "a right code after the back-off is accepted and ends the run of failures");
        Assert.That(freshAgain, Is.EqualTo("wrong"), "after a right code the free attempts start over");
    }

    [Test]
    public async Task VerifyCode_MaxConsecutiveFailures_LockedUntilAPasswordReset()
    {
        var (user, secret) = await EnabledUserAsync();
        for (var i = 0; i < 3; i++)
        {
            await OutcomeAsync(user, Wrong);
        }

        foreach (var wait in new[] { 15, 30, 60 })
        {
            _time.Advance(TimeSpan.FromMinutes(wait));
            Assert.That(await OutcomeAsync(user, Wrong), Is.EqualTo("wrong"));
        }

        _time.Advance(TimeSpan.FromDays(3));
        var locked = Assert.ThrowsAsync<JustScaleException>(() => TwoFactor.VerifyCodeAsync(user, Totp.Code(secret, Totp.StepAt(_time.GetUtcNow()))))!;
        await _cluster.Users.ResetPasswordAsync(user.Id, "a brand new passphrase");
        var afterReset = await TwoFactor.VerifyCodeAsync(user, Totp.Code(secret, Totp.StepAt(_time.GetUtcNow())));

        Assert.That(locked.StatusCode, Is.EqualTo(429));
        Assert.That(locked.Code, Is.EqualTo("two_factor_locked"));
        Assert.That(afterReset, Is.True);
    }

    [Test]
    public void RateLimitsOff_KeepsThePerUserLockout() =>
        Assert.That(AuthRateLimitOptions.Off().TwoFactorFailuresPerUser, Is.EqualTo(new AuthRateLimitOptions().TwoFactorFailuresPerUser));

    private IRepository<TwoFactorSecret> Secrets => _cluster.Cluster.Resolve<IRepository<TwoFactorSecret>>();

    private async Task<string> OutcomeAsync(User user, string code)
    {
        try
        {
            return await TwoFactor.VerifyCodeAsync(user, code) ? "right" : "wrong";
        }
        catch (JustScaleException e) when (e.StatusCode == 429)
        {
            return e.Code!;
        }
    }

    private async Task<(User User, byte[] Secret)> EnabledUserAsync()
    {
        var user = await _cluster.Users.RegisterAsync($"lock-{Guid.NewGuid():N}@example.com", Password);
        var setup = await TwoFactor.SetupAsync(user);
        var secret = Base32.Decode(setup.Secret);
        Assert.That(await TwoFactor.EnableAsync(user, Totp.Code(secret, Totp.StepAt(_time.GetUtcNow()))), Has.Count.EqualTo(10));
        _time.Advance(TimeSpan.FromSeconds(30)); // the enabling step is not consumed, but keep codes of later steps apart
        return (user, secret);
    }
}
