using System.Diagnostics;
using System.Net;
using CompleteExample;
using JustScale.Testing;
using Microsoft.AspNetCore.Builder;
using Npgsql;

namespace JustScale.Examples.Tests.Hosting;

/// <summary>Runs the hosted example on real Kestrel against its own PostgreSQL server, then stops and starts that server under it.</summary>
/// <remarks>
/// /health (every check; PostgreSQL's <c>SELECT 1</c> with a 5 s timeout counts as Degraded) must say "Degraded" within 10 s
/// of the server going away and "Healthy" again once it is back, without restarting the app; /health/ready (this instance:
/// draining, the password hasher) and /health/live stay 200 throughout, so a database blip takes no instance out of a balancer.
/// </remarks>
[TestFixture]
public sealed class HealthTests
{
    private static readonly TimeSpan UnreadyBound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(30);
    private PostgresServer _server = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartExample()
    {
        _server = await PostgresServer.StartLocalAsync();
        var connectionString = new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Timeout = 3 }.ConnectionString;
        _app = ExampleHost.Build(["--port", "0"], b => b.Configuration["ConnectionStrings:Postgres"] = connectionString);
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()), Timeout = TimeSpan.FromSeconds(15) };
    }

    [OneTimeTearDown]
    public async Task StopExample()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Test]
    public async Task Health_PostgresStoppedThenStarted_DegradedWithinTenSecondsThenHealthyWhileReadyStays200()
    {
        var healthBefore = await BodyAsync("/health");
        var readyBefore = await StatusAsync("/health/ready");

        var stopping = Stopwatch.GetTimestamp();
        await _server.StopAsync();
        var stopped = Stopwatch.GetTimestamp();
        var (degraded, whileDown) = await PollHealthAsync("Degraded", UnreadyBound);
        var untilDegraded = Stopwatch.GetElapsedTime(stopped, degraded);
        var healthWhileDown = await StatusAsync("/health");

        var starting = Stopwatch.GetTimestamp();
        await _server.StartAsync();
        var started = Stopwatch.GetTimestamp();
        var (healthy, whileRecovering) = await PollHealthAsync("Healthy", RecoveryBound);
        var untilHealthy = Stopwatch.GetElapsedTime(started, healthy);

        await TestContext.Progress.WriteLineAsync(
            $"pg stop took {Stopwatch.GetElapsedTime(stopping, stopped).TotalMilliseconds:F0} ms; /health Degraded {untilDegraded.TotalMilliseconds:F0} ms after the stop; " +
            $"pg start took {Stopwatch.GetElapsedTime(starting, started).TotalMilliseconds:F0} ms; /health Healthy again {untilHealthy.TotalMilliseconds:F0} ms after the start");
        Assert.That(healthBefore, Is.EqualTo("Healthy"));
        Assert.That(readyBefore, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(untilDegraded, Is.LessThan(UnreadyBound));
        Assert.That(healthWhileDown, Is.EqualTo(HttpStatusCode.OK), "Degraded answers 200: the balancer checks /health/ready");
        Assert.That(whileDown.Concat(whileRecovering), Has.All.EqualTo(HttpStatusCode.OK), "/health/ready and /health/live while PostgreSQL was down");
        Assert.That(untilHealthy, Is.LessThan(RecoveryBound));
    }

    /// <summary>Asks /health (and /health/ready and /health/live alongside) every 100 ms until it says <paramref name="wanted"/>; returns when, and the other answers.</summary>
    private async Task<(long At, List<HttpStatusCode> Others)> PollHealthAsync(string wanted, TimeSpan bound)
    {
        var others = new List<HttpStatusCode>();
        var deadline = Stopwatch.GetTimestamp() + (long)(bound.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (await BodyAsync("/health") == wanted)
            {
                return (Stopwatch.GetTimestamp(), others);
            }

            others.Add(await StatusAsync("/health/ready"));
            others.Add(await StatusAsync("/health/live"));
            await Task.Delay(100);
        }

        Assert.Fail($"/health did not say {wanted} within {bound.TotalSeconds:F0} s");
        return default;
    }

    private async Task<string> BodyAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<HttpStatusCode> StatusAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }
}
