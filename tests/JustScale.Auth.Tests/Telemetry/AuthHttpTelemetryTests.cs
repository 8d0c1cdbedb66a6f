using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using JustScale.Auth.Tests.Security;
using JustScale.Auth.Tests.Support;
using JustScale.Http;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Telemetry;

/// <summary>Reads the rate limit counter and the session lookup's activities over real Kestrel.</summary>
/// <remarks>
/// The counter is read on the app's own IMeterFactory, which no other test's app shares. Activities have no such scope and
/// Kestrel's flows do not carry a test's root activity: the activity test listens to the whole process and runs alone.
/// </remarks>
public sealed class AuthHttpTelemetryTests
{
    [Test]
    public async Task RateLimited_LoginAndRegisterOverTheirLimits_CountedOncePerRefusalByPolicy()
    {
        await using var app = await SecurityApp.StartAsync(StoreKind.InMemory, new FakeTimeProvider(), options =>
        {
            options.RateLimits.LoginPerIp = FixedWindowLimit.PerMinute(2);
            options.RateLimits.RegisterPerIp = FixedWindowLimit.PerHour(1);
        });
        using var metrics = new MetricCollector<long>(app.Auth.Cluster.Resolve<IMeterFactory>(), AuthTelemetry.Name, "justscale.auth.rate_limited");

        var logins = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            logins.Add(await app.LoginAsync("limited.person@example.com", clientIp: "198.51.100.31"));
        }

        using var registered = await app.SendAsync(HttpMethod.Post, "/auth/register", "198.51.100.32", new { email = "new.person@example.com", password = SecurityApp.Password });
        using var refused = await app.SendAsync(HttpMethod.Post, "/auth/register", "198.51.100.32", new { email = "other.person@example.com", password = SecurityApp.Password });

        Assert.That(logins.Count(s => s == HttpStatusCode.TooManyRequests), Is.EqualTo(3));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        var measurements = metrics.GetMeasurementSnapshot();
        Assert.That(measurements.ContainsTags(new KeyValuePair<string, object?>(AuthMetrics.PolicyTag, AuthRateLimits.Login)).EvaluateAsCounter(), Is.EqualTo(3));
        Assert.That(measurements.ContainsTags(new KeyValuePair<string, object?>(AuthMetrics.PolicyTag, AuthRateLimits.Register)).EvaluateAsCounter(), Is.EqualTo(1));
        Assert.That(measurements.EvaluateAsCounter(), Is.EqualTo(4));
        Assert.That(measurements.SelectMany(m => m.Tags.Values).Select(v => v?.ToString()), Has.None.Contains("198.51.100").And.None.Contains("@"));
    }

    [Test]
    [NonParallelizable]
    public async Task SessionValidate_BearerValidThenUnknown_OneActivityEachWithTransportAndResultNeverTheToken()
    {
        await using var app = await SecurityApp.StartAsync(StoreKind.InMemory, new FakeTimeProvider(DateTimeOffset.UtcNow), _ => { });
        var user = await app.Auth.Users.RegisterAsync("validated.person@example.com", SecurityApp.Password);
        var session = await app.Auth.Sessions.CreateAsync(user);
        var unknown = new string('0', 64);
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AuthTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        using var valid = await app.SendAsync(HttpMethod.Get, "/profile", bearer: session.Token);
        using var invalid = await app.SendAsync(HttpMethod.Get, "/profile", bearer: unknown);

        Assert.That(valid.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await valid.Content.ReadFromJsonAsync<Dictionary<string, string>>(), Does.ContainKey("email"));
        Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var validations = stopped.Where(a => a.OperationName == "justscale.auth.session.validate").ToList();
        Assert.That(validations, Has.Count.EqualTo(2));
        Assert.That(validations.Select(a => a.GetTagItem("justscale.auth.transport")), Is.All.EqualTo("bearer"));
        Assert.That(validations[0].GetTagItem("justscale.auth.result"), Is.EqualTo("succeeded"));
        Assert.That(validations[0].GetTagItem("enduser.id"), Is.EqualTo(user.Id.ToString()));
        Assert.That(validations[1].GetTagItem("justscale.auth.result"), Is.EqualTo("failed"));
        Assert.That(validations[1].GetTagItem("enduser.id"), Is.Null);
        var values = stopped.SelectMany(a => a.TagObjects).Select(t => t.Value?.ToString() ?? "").ToList();
        Assert.That(values, Has.None.Contains(session.Token).And.None.Contains(unknown).And.None.Contains("@"));
    }
}
