using System.Diagnostics;
using System.Globalization;
using System.Net;
using JustScale.Testing;

namespace JustScale.Examples.Tests.Hosting;

/// <summary>Sends SIGTERM to the example run as its own process: readiness fails at once, requests are served through the drain delay, then it exits 0.</summary>
[TestFixture]
public sealed class DrainProcessTests
{
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(4); // long enough that a loaded machine still sends requests inside it

    [Test]
    public async Task Sigterm_DrainDelay_ReadyIs503WhileRequestsAreServedThenExitsZero()
    {
        await using var example = await ExampleProcess.StartAsync(null, new Dictionary<string, string>
        {
            ["JustScale__Http__DrainDelay"] = DrainDelay.ToString("c", CultureInfo.InvariantCulture),
        });
        using var http = new HttpClient { BaseAddress = example.Url, Timeout = TimeSpan.FromSeconds(10) };
        var readyBefore = await StatusAsync(http, "/health/ready");

        var signalled = Stopwatch.GetTimestamp();
        using (var kill = Process.Start("kill", ["-TERM", example.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        // Until the server refuses connections: /health/ready and a JustScale route (401 without a token) side by side.
        var ready = new List<(TimeSpan At, HttpStatusCode Status)>();
        var served = new List<(TimeSpan At, HttpStatusCode Status)>();
        TimeSpan? refusedAt = null;
        while (refusedAt is null && Stopwatch.GetElapsedTime(signalled) < DrainDelay + TimeSpan.FromSeconds(20))
        {
            try
            {
                var sent = Stopwatch.GetElapsedTime(signalled);
                ready.Add((sent, await StatusAsync(http, "/health/ready")));
                var routeStatus = await StatusAsync(http, "/profile");
                served.Add((Stopwatch.GetElapsedTime(signalled), routeStatus));
            }
            catch (HttpRequestException)
            {
                refusedAt = Stopwatch.GetElapsedTime(signalled);
            }

            await Task.Delay(50);
        }

        var exitCode = await example.WaitForExitAsync(); // signalled above: a second SIGTERM could land after the host let go of it
        var exitedAt = Stopwatch.GetElapsedTime(signalled);
        await TestContext.Progress.WriteLineAsync(
            $"drain {DrainDelay.TotalSeconds:F0} s: first ready request {ready[0].Status}, sent at {ready[0].At.TotalMilliseconds:F0} ms; " +
            $"{served.Count} route requests answered, the last at {served[^1].At.TotalMilliseconds:F0} ms; refused at {refusedAt?.TotalMilliseconds:F0} ms; exited at {exitedAt.TotalMilliseconds:F0} ms");
        Assert.That(readyBefore, Is.EqualTo(HttpStatusCode.OK));
        // The runtime handles the signal on its own thread, shortly after kill returns: readiness fails then, for good.
        var firstUnready = ready.FindIndex(r => r.Status == HttpStatusCode.ServiceUnavailable);
        Assert.That(firstUnready, Is.Not.Negative, "readiness failed during the drain");
        Assert.That(ready[firstUnready].At, Is.LessThan(served[^1].At), "readiness fails while requests are still served");
        Assert.That(ready.Skip(firstUnready).Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(served.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.Unauthorized), "every request during the drain is answered by its route");
        Assert.That(refusedAt, Is.Not.Null.And.GreaterThanOrEqualTo(DrainDelay - TimeSpan.FromMilliseconds(100)), "the server stops listening only after the delay");

        // When the test's own requests go out is up to the scheduler: on a loaded machine it may send none for a second. So how soon
        // readiness fails and how late a request is still served are held to their bounds in the full form (a quiet machine), and
        // reported always; the lower bound on the refusal above holds whatever the load.
        LatencyBound.AssertSingle(ready[firstUnready].At, TimeSpan.FromSeconds(1), "readiness failed for the request sent after the signal at");
        if (LatencyBound.EverySample)
        {
            Assert.That(served[^1].At, Is.GreaterThan(DrainDelay - TimeSpan.FromMilliseconds(500)), "requests are still served near the end of the delay");
        }
        Assert.That(exitCode, Is.Zero, example.Output);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }
}
