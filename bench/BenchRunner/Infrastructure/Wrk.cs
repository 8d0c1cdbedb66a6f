using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace BenchRunner;

/// <summary>Runs wrk (one thread, so that it takes as little of the two cores as it can) with one of the suite's Lua scripts, and reads the JSON line its done() prints.</summary>
internal static class Wrk
{
    private const string Marker = "BENCHJSON ";

    /// <summary>Runs wrk against a URL; cancelling <paramref name="stop"/> ends the run early with SIGINT (wrk then reports).</summary>
    /// <param name="url">The URL (its path is the request's, unless the script builds requests).</param>
    /// <param name="connections">The number of open connections.</param>
    /// <param name="seconds">The length of the run.</param>
    /// <param name="script">The Lua script file.</param>
    /// <param name="scriptArguments">The arguments the script's init() receives.</param>
    /// <param name="stop">Ends the run early.</param>
    public static async Task<WrkResult> RunAsync(Uri url, int connections, int seconds, string script, IEnumerable<string> scriptArguments, CancellationToken stop = default)
    {
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-t1", $"-c{connections}", string.Create(CultureInfo.InvariantCulture, $"-d{seconds}s"), "--timeout", "30s", "-s", script, url.ToString(), "--",
        }.Concat(scriptArguments))
        {
            info.ArgumentList.Add(argument);
        }

        using var wrk = ChildProcesses.Start(info);
        var output = wrk.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = wrk.StandardError.ReadToEndAsync(CancellationToken.None);
        await using (stop.Register(() => _ = Tool.SignalAsync(wrk.Id, "INT")))
        {
            await wrk.WaitForExitAsync(CancellationToken.None);
        }

        ChildProcesses.Forget(wrk);

        var text = await output + await error;
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal))
            ?? throw new BenchFailure($"wrk printed no result (exit code {wrk.ExitCode}):\n{text}");
        using var json = JsonDocument.Parse(line[Marker.Length..]);
        var root = json.RootElement;
        long Long(string name) => root.GetProperty(name).GetInt64();
        double Ms(string name) => root.GetProperty(name).GetDouble() / 1000;
        var codes = root.GetProperty("codes").EnumerateObject()
            .ToDictionary(p => int.Parse(p.Name, CultureInfo.InvariantCulture), p => p.Value.GetInt64());
        return new WrkResult
        {
            Requests = Long("requests"),
            Seconds = root.GetProperty("durationUs").GetDouble() / 1e6,
            P50 = Ms("p50"),
            P90 = Ms("p90"),
            P99 = Ms("p99"),
            Max = Ms("max"),
            SocketErrors = Long("connect") + Long("read") + Long("write") + Long("timeout"),
            StatusErrors = Long("status"),
            Codes = codes,
            Malformed = Long("malformed"),
            Output = text,
        };
    }
}
