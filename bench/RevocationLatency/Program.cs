// Cross-instance revocation latency of the session cache (docs/benchmarks.md, "Session cache").
//   dotnet bench/RevocationLatency/bin/Release/net10.0/RevocationLatency.dll [trials]
//   dotnet bench/RevocationLatency/bin/Release/net10.0/RevocationLatency.dll --throughput [rounds]
// Starts a throwaway PostgreSQL and two complete-example processes on it (each caching sessions, PgChangeFeed), then per
// trial: login on A, two GET /profile on B (the second answered from B's cache), POST /auth/logout on A, and GET /profile
// on B as fast as it answers until it is 401. The latency runs from the logout's response to B's first 401.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JustScale.Testing;

if (args.Length > 0 && args[0] == "--throughput")
{
    return await Throughput.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3);
}

var trials = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
Console.WriteLine($"load before: {File.ReadAllText("/proc/loadavg").Trim()}");
await using var postgres = await PostgresServer.StartLocalAsync();
await using var a = await ExampleProcess.StartAsync(postgres.ConnectionString, "--rate-limits", "off");
await using var b = await ExampleProcess.StartAsync(postgres.ConnectionString, "--rate-limits", "off");
using var clientA = new HttpClient { BaseAddress = a.Url };
using var clientB = new HttpClient { BaseAddress = b.Url };

var email = $"latency-{Guid.NewGuid():N}@example.com";
const string Password = "correct horse battery staple";
(await clientA.PostAsJsonAsync("/auth/register", new { email, password = Password })).EnsureSuccessStatusCode();

var latencies = new List<double>();
var failures = 0;
for (var trial = 0; trial < trials; trial++)
{
    using var login = await clientA.PostAsJsonAsync("/auth/login", new { email, password = Password });
    var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    if (await ProfileAsync(clientB, token) != HttpStatusCode.OK || await ProfileAsync(clientB, token) != HttpStatusCode.OK)
    {
        throw new InvalidOperationException("B did not accept a fresh token.");
    }

    using (var logout = new HttpRequestMessage(HttpMethod.Post, "/auth/logout"))
    {
        logout.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        (await clientA.SendAsync(logout)).EnsureSuccessStatusCode();
    }

    var since = Stopwatch.GetTimestamp();
    while (await ProfileAsync(clientB, token) != HttpStatusCode.Unauthorized)
    {
        if (Stopwatch.GetElapsedTime(since) > TimeSpan.FromSeconds(5))
        {
            failures++;
            break;
        }
    }

    latencies.Add(Stopwatch.GetElapsedTime(since).TotalMilliseconds);
}

latencies.Sort();
double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"revocation A -> B over {trials} trials: p50 {Percentile(0.50):F1} ms, p90 {Percentile(0.90):F1} ms, p99 {Percentile(0.99):F1} ms, max {latencies[^1]:F1} ms; {latencies.Count(l => l <= 100)} of {trials} within 100 ms; {failures} not refused within 5 s"));
Console.WriteLine($"load after: {File.ReadAllText("/proc/loadavg").Trim()}");
return failures == 0 ? 0 : 1;

static async Task<HttpStatusCode> ProfileAsync(HttpClient client, string token)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, "/profile");
    request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
    using var response = await client.SendAsync(request);
    return response.StatusCode;
}
