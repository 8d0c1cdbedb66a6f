using JustScale.Auth.Tests.Passwords;
using JustScale.Auth.Tests.Support;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Telemetry;

/// <summary>Reads the JustScale.Auth counters with MetricCollectors while a real in-memory cluster registers, logs in and ends sessions.</summary>
/// <remarks>Each collector listens to the meter of one cluster's IMeterFactory, so tests running in parallel never see each other's counts.</remarks>
public sealed class AuthMetricsTests
{
    private static readonly string[] Instruments =
    [
        "justscale.auth.logins", "justscale.auth.registrations", "justscale.auth.sessions.created", "justscale.auth.sessions.revoked",
        "justscale.auth.password_hashes.queued", "justscale.auth.password_hashes.shed", "justscale.auth.rate_limited",
    ];

    private const string Password = "correct horse battery staple";
    private const string Email = "ada.lovelace@example.com";
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Counters_RegisterLoginAndSessions_CountEachOutcomeWithItsTag()
    {
        var time = new FakeTimeProvider(Start);
        await using var auth = await AuthTestCluster.CreateAsync(StoreKind.InMemory, time, options => options.Passwords.Cost = 1024);
        using var metrics = new Collectors(auth.Cluster.Resolve<IMeterFactory>());

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

        var tags = metrics.All.SelectMany(m => m.Tags).ToList();
        var tagValues = tags.Select(t => t.Value?.ToString() ?? "").ToList();
        Assert.That(tagValues, Has.None.Contains("@").And.None.Contains("horse").And.None.Contains("password"));
        Assert.That(tagValues, Has.None.Contains(sessions[1].Token).And.None.Contains(ada.Id.ToString()));
        Assert.That(tags.Select(t => t.Key).Distinct(), Is.SubsetOf(new[] { AuthMetrics.ResultTag, AuthMetrics.ReasonTag }));
    }

    [Test]
    public async Task Counters_TwoClustersInOneProcess_EachAppsFactorySeesOnlyItsOwnMeasurements()
    {
        await using var first = await AuthTestCluster.CreateAsync(StoreKind.InMemory, new FakeTimeProvider(Start), options => options.Passwords.Cost = 1024);
        await using var second = await AuthTestCluster.CreateAsync(StoreKind.InMemory, new FakeTimeProvider(Start), options => options.Passwords.Cost = 1024);
        using var firstLogins = new MetricCollector<long>(first.Cluster.Resolve<IMeterFactory>(), AuthTelemetry.Name, "justscale.auth.logins");
        using var secondLogins = new MetricCollector<long>(second.Cluster.Resolve<IMeterFactory>(), AuthTelemetry.Name, "justscale.auth.logins");

        await first.Users.AuthenticateAsync(Email, Password);
        await first.Users.AuthenticateAsync(Email, Password);
        await second.Users.AuthenticateAsync(Email, Password);

        Assert.That(first.Cluster.Resolve<IMeterFactory>(), Is.Not.SameAs(second.Cluster.Resolve<IMeterFactory>()));
        Assert.That(firstLogins.GetMeasurementSnapshot().EvaluateAsCounter(), Is.EqualTo(2));
        Assert.That(secondLogins.GetMeasurementSnapshot().EvaluateAsCounter(), Is.EqualTo(1));
    }

    [Test]
    public async Task Counters_EveryInstrument_PublishedOnTheAuthMeterWithUnitAndDescription()
    {
        var time = new FakeTimeProvider(Start);
        await using var auth = await AuthTestCluster.CreateAsync(StoreKind.InMemory, time, options => options.Passwords.Cost = 1024);
        var factory = auth.Cluster.Resolve<IMeterFactory>();
        await auth.Users.AuthenticateAsync(Email, Password);

        // Every instrument of the cluster's JustScale.Auth meter (Start reports those already published), not only the named ones.
        var published = new List<Instrument>();
        using (var listener = new MeterListener { InstrumentPublished = (i, _) => published.Add(i) })
        {
            listener.Start();
        }

        var instruments = published.Where(i => i.Meter.Scope == factory && i.Meter.Name == AuthTelemetry.Name).ToList();
        Assert.That(instruments.Select(i => i.Name), Is.EquivalentTo(Instruments));
        foreach (var instrument in instruments)
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
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var passwords = new PasswordService(
            new PasswordOptions { Cost = 1024, MaxConcurrentHashes = 1, MaxQueueWait = TimeSpan.Zero }, new FakeTimeProvider(), NullLogger.Instance, spy.Derive, factory);
        using var metrics = new Collectors(factory);
        var running = passwords.HashAsync("first");
        await spy.Reached.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.ThrowsAsync<PasswordHasherOverloadedException>(() => passwords.HashAsync("second"));
        Assert.That(await passwords.VerifyAsync("third", "not a hash"), Is.False); // refused before the queue: not counted
        spy.Open();
        await running;

        Assert.That(metrics.Sum("justscale.auth.password_hashes.queued"), Is.EqualTo(2));
        Assert.That(metrics.Sum("justscale.auth.password_hashes.shed"), Is.EqualTo(1));
    }

    /// <summary>Holds one MetricCollector per auth counter, on one meter factory.</summary>
    private sealed class Collectors(IMeterFactory factory) : IDisposable
    {
        private readonly Dictionary<string, MetricCollector<long>> _collectors =
            Instruments.ToDictionary(name => name, name => new MetricCollector<long>(factory, AuthTelemetry.Name, name));

        /// <summary>Gets every measurement of every counter.</summary>
        public IEnumerable<CollectedMeasurement<long>> All => _collectors.Values.SelectMany(c => c.GetMeasurementSnapshot());

        /// <summary>Sums a counter's measurements that carry the given tag (all of them without one).</summary>
        public long Sum(string instrument, (string Key, string Value)? tag = null)
        {
            var measurements = _collectors[instrument].GetMeasurementSnapshot();
            return (tag is var (key, value) ? measurements.ContainsTags(new KeyValuePair<string, object?>(key, value)) : measurements).EvaluateAsCounter();
        }

        public void Dispose()
        {
            foreach (var collector in _collectors.Values)
            {
                collector.Dispose();
            }
        }
    }
}
