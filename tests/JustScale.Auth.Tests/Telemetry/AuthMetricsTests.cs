using JustScale.Auth.Tests.Passwords;
using JustScale.Auth.Tests.Support;
using JustScale.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Telemetry;

/// <summary>Reads the JustScale.Auth counters with a MeterListener while a real in-memory cluster registers, logs in and ends sessions.</summary>
public sealed class AuthMetricsTests
{
    private const string Password = "correct horse battery staple";
    private const string Email = "ada.lovelace@example.com";
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Counters_RegisterLoginAndSessions_CountEachOutcomeWithItsTag()
    {
        var time = new FakeTimeProvider(Start);
        await using var auth = await AuthTestCluster.CreateAsync(StoreKind.InMemory, time, options => options.Passwords.Cost = 1024);
        using var metrics = MetricCapture.Scoped();

        var ada = await auth.Users.RegisterAsync(Email, Password);
        Assert.ThrowsAsync<UserExistsException>(() => auth.Users.RegisterAsync(Email.ToUpperInvariant(), "another password"));
        await auth.Users.AuthenticateAsync(Email, Password);
        await auth.Users.AuthenticateAsync(Email, "wrong password");
        await auth.Users.AuthenticateAsync("nobody@example.com", Password);
        var sessions = new List<Session>();
        for (var i = 0; i < 3; i++)
        {
            sessions.Add(await auth.Sessions.CreateAsync(ada));
        }

        await auth.Sessions.RevokeAsync(sessions[0].Id);
        await auth.Sessions.RevokeAsync(sessions[0].Id);
        await auth.Sessions.RevokeAllForUserAsync(ada, exceptToken: sessions[1].Token);
        await auth.Sessions.CreateAsync(ada, new CreateSessionOptions { Ttl = TimeSpan.FromMinutes(5) });
        var expiring = await auth.Sessions.CreateAsync(ada, new CreateSessionOptions { Ttl = TimeSpan.FromMinutes(5) });
        time.Advance(TimeSpan.FromMinutes(10));
        await auth.Sessions.FindByTokenAsync(expiring.Token);
        await auth.Sessions.RevokeExpiredAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(metrics.Sum("justscale.auth.registrations", (AuthMetrics.ResultTag, "succeeded")), Is.EqualTo(1));
            Assert.That(metrics.Sum("justscale.auth.registrations", (AuthMetrics.ResultTag, "failed")), Is.EqualTo(1));
            Assert.That(metrics.Sum("justscale.auth.logins", (AuthMetrics.ResultTag, "succeeded")), Is.EqualTo(1));
            Assert.That(metrics.Sum("justscale.auth.logins", (AuthMetrics.ResultTag, "failed")), Is.EqualTo(2));
            Assert.That(metrics.Sum("justscale.auth.sessions.created"), Is.EqualTo(5));
            Assert.That(metrics.Sum("justscale.auth.sessions.revoked", (AuthMetrics.ReasonTag, "revoked")), Is.EqualTo(2));
            Assert.That(metrics.Sum("justscale.auth.sessions.revoked", (AuthMetrics.ReasonTag, "expired")), Is.EqualTo(2));
            Assert.That(metrics.Sum("justscale.auth.sessions.revoked"), Is.EqualTo(4));

            // Register 1, the duplicate 0 (refused before scrypt), right and wrong login 1 each, the unknown email 2
            // (the dummy hash is made once, then verified against).
            Assert.That(metrics.Sum("justscale.auth.password_hashes.queued"), Is.EqualTo(5));
            Assert.That(metrics.Sum("justscale.auth.password_hashes.shed"), Is.Zero);
            Assert.That(metrics.Sum("justscale.auth.rate_limited"), Is.Zero);
        }

        var tagValues = metrics.Measurements.SelectMany(m => m.Tags.Values).Select(v => v?.ToString() ?? "").ToList();
        Assert.That(tagValues, Has.None.Contains("@").And.None.Contains("horse").And.None.Contains("password"));
        Assert.That(tagValues, Has.None.Contains(sessions[1].Token).And.None.Contains(ada.Id.ToString()));
        Assert.That(metrics.Measurements.SelectMany(m => m.Tags.Keys).Distinct(), Is.SubsetOf(new[] { AuthMetrics.ResultTag, AuthMetrics.ReasonTag }));
    }

    [Test]
    public async Task Counters_EveryInstrument_PublishedOnTheAuthMeterWithUnitAndDescription()
    {
        var time = new FakeTimeProvider(Start);
        await using var auth = await AuthTestCluster.CreateAsync(StoreKind.InMemory, time, options => options.Passwords.Cost = 1024);
        using var metrics = MetricCapture.Scoped();
        await auth.Users.AuthenticateAsync(Email, Password);

        Assert.That(metrics.Instruments.Keys, Is.EquivalentTo(new[]
        {
            "justscale.auth.logins",
            "justscale.auth.registrations",
            "justscale.auth.sessions.created",
            "justscale.auth.sessions.revoked",
            "justscale.auth.password_hashes.queued",
            "justscale.auth.password_hashes.shed",
            "justscale.auth.rate_limited",
        }));
        foreach (var instrument in metrics.Instruments.Values)
        {
            Assert.That(instrument.Unit, Does.Match(@"^\{[a-z]+\}$"), instrument.Name);
            Assert.That(instrument.Description, Is.Not.Empty, instrument.Name);
            Assert.That(instrument.Meter.Version, Is.EqualTo(AuthTelemetry.Version), instrument.Name);
        }

        Assert.That(AuthTelemetry.Version, Does.StartWith("0."));
    }

    [Test]
    public async Task PasswordHashes_AllSlotsBusyAndNoQueueWait_CountsQueuedAndShed()
    {
        using var spy = new ScryptSpy(gateOpen: false, signalAt: 1);
        var passwords = new PasswordService(
            new PasswordOptions { Cost = 1024, MaxConcurrentHashes = 1, MaxQueueWait = TimeSpan.Zero }, new FakeTimeProvider(), NullLogger.Instance, spy.Derive);
        using var metrics = MetricCapture.Scoped();
        var running = passwords.HashAsync("first");
        await spy.Reached.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.ThrowsAsync<PasswordHasherOverloadedException>(() => passwords.HashAsync("second"));
        Assert.That(await passwords.VerifyAsync("third", "not a hash"), Is.False); // refused before the queue: not counted
        spy.Open();
        await running;

        Assert.That(metrics.Sum("justscale.auth.password_hashes.queued"), Is.EqualTo(2));
        Assert.That(metrics.Sum("justscale.auth.password_hashes.shed"), Is.EqualTo(1));
    }
}
