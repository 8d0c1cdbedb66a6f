using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using JustScale.Testing;

/// <summary>Measures GET /profile of the complete example with the session cache on and off, side by side, with wrk.</summary>
/// <remarks>Two processes on one throwaway PostgreSQL: one as shipped (cache on), one with <c>JustScale:Auth:SessionCache:MaxAge=0</c>;
/// alternating 10 s wrk runs (-t2 -c32), one token each, the load average printed beside each figure.</remarks>
internal static partial class Throughput
{
    public static async Task<int> RunAsync(int rounds)
    {
        await using var postgres = await PostgresServer.StartLocalAsync();
        await using var cached = await ExampleProcess.StartAsync(postgres.ConnectionString, "--rate-limits", "off");
        await using var uncached = await ExampleProcess.StartAsync(
            postgres.ConnectionString, new Dictionary<string, string> { ["JustScale__Auth__SessionCache__MaxAge"] = "00:00:00" }, "--rate-limits", "off");
        var ratios = new List<double>();
        var tokenCached = await TokenAsync(cached.Url, "cached");
        var tokenUncached = await TokenAsync(uncached.Url, "uncached");
        await WrkAsync(cached.Url, tokenCached, 3); // warm-up
        await WrkAsync(uncached.Url, tokenUncached, 3);
        for (var round = 1; round <= rounds; round++)
        {
            var on = await WrkAsync(cached.Url, tokenCached, 10);
            var onLoad = Load();
            var off = await WrkAsync(uncached.Url, tokenUncached, 10);
            var offLoad = Load();
            ratios.Add(on / off);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: cached {on:F0} req/s (load {onLoad}), uncached {off:F0} req/s (load {offLoad}), ratio {on / off:F2}"));
        }

        ratios.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GET /profile cached / uncached: median ratio {ratios[ratios.Count / 2]:F2} over {rounds} rounds"));
        return 0;
    }

    private static async Task<string> TokenAsync(Uri url, string name)
    {
        using var client = new HttpClient { BaseAddress = url };
        var email = $"{name}-{Guid.NewGuid():N}@example.com";
        (await client.PostAsJsonAsync("/auth/register", new { email, password = "correct horse battery staple" })).EnsureSuccessStatusCode();
        using var login = await client.PostAsJsonAsync("/auth/login", new { email, password = "correct horse battery staple" });
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private static async Task<double> WrkAsync(Uri url, string token, int seconds)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-t2", "-c32", $"-d{seconds}s", "-H", "Authorization: Bearer " + token, new Uri(url, "/profile").ToString() })
        {
            start.ArgumentList.Add(argument);
        }

        using var wrk = Process.Start(start)!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var non2xx = NonSuccess().Match(output);
        if (non2xx.Success)
        {
            throw new InvalidOperationException("wrk saw non-2xx answers:\n" + output);
        }

        return double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();
}
