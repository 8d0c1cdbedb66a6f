using System.Diagnostics;
using System.Net;
using CompleteExample;
using JustScale.Testing;
using Microsoft.AspNetCore.Builder;
using Npgsql;

namespace JustScale.Examples.Tests.Hosting;

/// <summary>Runs the hosted example on real Kestrel against its own PostgreSQL server, then stops and starts that server under it.</summary>
/// <remarks>
/// /health/ready (tagged "ready": the password hasher and <c>SELECT 1</c> with a 5 s timeout) must turn 503 within 10 s of
/// the server going away and 200 again once it is back, without restarting the app; /health/live stays 200 throughout.
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
    public async Task Ready_PostgresStoppedThenStarted_503WithinTenSecondsThen200WithoutRestart()
    {
        var liveBefore = await StatusAsync("/health/live");
        var readyBefore = await StatusAsync("/health/ready");

        var stopping = Stopwatch.GetTimestamp();
        await _server.StopAsync();
        var stopped = Stopwatch.GetTimestamp();
        var (unready, liveWhileDown) = await PollReadyAsync(HttpStatusCode.ServiceUnavailable, UnreadyBound);
        var untilUnready = Stopwatch.GetElapsedTime(stopped, unready);
        var liveAfterUnready = await StatusAsync("/health/live");
        var readyWhileDown = await StatusAsync("/health/ready");

        var starting = Stopwatch.GetTimestamp();
        await _server.StartAsync();
        var started = Stopwatch.GetTimestamp();
        var (ready, liveWhileRecovering) = await PollReadyAsync(HttpStatusCode.OK, RecoveryBound);
        var untilReady = Stopwatch.GetElapsedTime(started, ready);

        await TestContext.Progress.WriteLineAsync(
            $"pg stop took {Stopwatch.GetElapsedTime(stopping, stopped).TotalMilliseconds:F0} ms; /health/ready 503 {untilUnready.TotalMilliseconds:F0} ms after the stop; " +
            $"pg start took {Stopwatch.GetElapsedTime(starting, started).TotalMilliseconds:F0} ms; /health/ready 200 again {untilReady.TotalMilliseconds:F0} ms after the start");
        Assert.That(liveBefore, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(readyBefore, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(untilUnready, Is.LessThan(UnreadyBound));
        Assert.That(readyWhileDown, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(liveWhileDown.Concat(liveWhileRecovering).Append(liveAfterUnready), Has.All.EqualTo(HttpStatusCode.OK), "/health/live while PostgreSQL was down");
        Assert.That(untilReady, Is.LessThan(RecoveryBound));
    }

    /// <summary>Asks /health/ready (and /health/live alongside) every 100 ms until it answers <paramref name="wanted"/>; returns when, and the live answers.</summary>
    private async Task<(long At, List<HttpStatusCode> Live)> PollReadyAsync(HttpStatusCode wanted, TimeSpan bound)
    {
        var live = new List<HttpStatusCode>();
        var deadline = Stopwatch.GetTimestamp() + (long)(bound.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (await StatusAsync("/health/ready") == wanted)
            {
                return (Stopwatch.GetTimestamp(), live);
            }

            live.Add(await StatusAsync("/health/live"));
            await Task.Delay(100);
        }

        Assert.Fail($"/health/ready did not answer {(int)wanted} within {bound.TotalSeconds:F0} s");
        return default;
    }

    private async Task<HttpStatusCode> StatusAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }
}
