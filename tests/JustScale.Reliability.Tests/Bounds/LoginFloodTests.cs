using System.Diagnostics;
using System.Net;
using JustScale.Testing;

namespace JustScale.Reliability.Tests;

/// <summary>Floods the example process with concurrent logins and watches its memory from /proc/&lt;pid&gt;/status.</summary>
/// <remarks>
/// Rate limits are off (<c>--rate-limits off</c>): this is the attack they do not stop, many addresses each under its
/// limit, and every attempt reaches the password check. The process keeps AuthFeature's defaults otherwise: two
/// scrypt runs at once (16 MiB each), a 3 s wait for a slot, then 503 with Retry-After; and the test harness's
/// connection string waits 5 s for a pooled connection (100 at most), then 503 too.
/// </remarks>
[TestFixture]
public sealed class LoginFloodTests
{
    private const long OneGiB = 1024L * 1024 * 1024;

    [Test]
    public async Task Login_ThousandConcurrentAttempts_PeakRssUnder1GiBProcessAliveOnly200Or401Or503()
    {
        var attempts = Mode.Pick(1000, 5000);
        await using var database = await TestPostgres.CreateDatabaseAsync("reliability_flood");
        await using var example = await ExampleProcess.StartAsync(database.ConnectionString, "--rate-limits", "off");
        using var client = new ApiClient(example.Url, TimeSpan.FromSeconds(120));
        var email = $"flooded-{Guid.NewGuid():N}@example.com";
        await client.RegisterAsync(email);
        await client.LoginAsync(email);
        var rssBefore = example.ReadMemory("VmRSS");

        using var sampling = new CancellationTokenSource();
        var rssPeak = rssBefore;
        long threadsPeak = 0;
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested && example.IsAlive)
            {
                rssPeak = Math.Max(rssPeak, example.ReadMemory("VmRSS"));
                threadsPeak = Math.Max(threadsPeak, example.Threads());
                await Task.Delay(50);
            }
        });

        // A third each: the right password, a wrong one, an unknown email (which still costs one scrypt run).
        var clock = Stopwatch.StartNew();
        var answers = await Burst.RunAsync(attempts, async i =>
        {
            var (kind, body) = (i % 3) switch
            {
                0 => ("right", new { email, password = ApiClient.Password }),
                1 => ("wrong", new { email, password = "wrong password" }),
                _ => ("unknown", new { email = $"nobody-{i}@example.com", password = ApiClient.Password }),
            };
            try
            {
                return (Kind: kind, Answer: await client.PostAsync("/auth/login", body), Failure: (string?)null);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return (Kind: kind, Answer: (ApiResponse?)null, Failure: $"{ex.GetType().Name}: {ex.Message}");
            }
        });
        clock.Stop();
        await sampling.CancelAsync();
        await sampler;

        var alive = example.IsAlive;
        var peak = alive ? example.ReadMemory("VmHWM") : long.MaxValue;
        var feed = alive ? await client.GetAsync("/feed") : null;
        var login = alive ? await client.PostAsync("/auth/login", new { email, password = ApiClient.Password }) : null;
        var answered = answers.Where(a => a.Answer is not null).Select(a => (a.Kind, Answer: a.Answer!)).ToList();
        var latencies = new Latencies();
        foreach (var (_, answer) in answered)
        {
            latencies.Add(answer.Elapsed);
        }

        string Count(string kind, int status) => answered.Count(a => a.Kind == kind && a.Answer.Code == status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Figures.Report($"{attempts} concurrent logins in {Figures.Ms(clock.Elapsed.TotalMilliseconds)}: right password {Count("right", 200)} x 200 / {Count("right", 503)} x 503, wrong {Count("wrong", 401)} x 401 / {Count("wrong", 503)} x 503, unknown {Count("unknown", 401)} x 401 / {Count("unknown", 503)} x 503; 503 by code: {string.Join(", ", ShedCodes(answered).Select(c => $"{c.Value} x {c.Key}"))}; no answer {answers.Count(a => a.Failure is not null)}; latency {latencies}; RSS {Figures.MiB(rssBefore)} before, {Figures.MiB(rssPeak)} sampled peak, VmHWM {Figures.MiB(peak)}; threads peak {threadsPeak}; alive {alive}");

        Assert.That(alive, Is.True, example.Output);
        Assert.That(peak, Is.LessThan(OneGiB));
        Assert.That(answers.Where(a => a.Failure is not null).Select(a => a.Failure).Distinct(), Is.Empty);
        Assert.That(answered.Where(a => a.Kind == "right").Select(a => a.Answer.Code), Has.All.AnyOf(200, 503));
        Assert.That(answered.Where(a => a.Kind != "right").Select(a => a.Answer.Code), Has.All.AnyOf(401, 503));
        Assert.That(answered.Where(a => a.Answer.Code == 503).Select(a => a.Answer.RetryAfter), Has.All.Not.Null);
        Assert.That(ShedCodes(answered).Keys, Is.SubsetOf(new[] { "overloaded", "database_unavailable" }));
        Assert.That(answered.Count(a => a.Answer.Code is 200 or 401), Is.GreaterThan(0), "nothing was served");
        Assert.That(feed!.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(login!.Status, Is.EqualTo(HttpStatusCode.OK));
    }

    /// <summary>Counts the 503 answers by code: "overloaded" (no scrypt slot within the wait) or "database_unavailable"
    /// (no pooled connection within the connect timeout: the flood also queues for the database).</summary>
    private static Dictionary<string, int> ShedCodes(List<(string Kind, ApiResponse Answer)> answered) =>
        answered.Where(a => a.Answer.Code == 503)
            .GroupBy(a => a.Answer.Json.TryGetProperty("code", out var code) ? code.GetString() ?? "-" : "-")
            .ToDictionary(g => g.Key, g => g.Count());
}
