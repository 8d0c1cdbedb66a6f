using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace HttpBench;

/// <summary>Starts both servers as separate processes and measures them with wrk in alternating short runs.</summary>
internal static partial class Comparison
{
    private static readonly string[] Servers = ["minimal", "justscale"];

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var connections = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
        var ports = Servers.ToDictionary(s => s, _ => FreePort());
        var processes = Servers.ToDictionary(s => s, s => Start(s, ports[s]));
        var results = Servers.ToDictionary(s => s, _ => new List<double>());
        var cpu = Servers.ToDictionary(s => s, _ => new List<double>());
        try
        {
            foreach (var server in Servers)
            {
                await WaitReadyAsync(processes[server]);
                await WrkAsync(ports[server], 5, connections); // warm-up: JIT, tiered compilation, connection pools
            }

            // Both servers run side by side; short bursts alternate between them (and which goes first), so a change
            // in the machine's load hits both alike. Each round gives one ratio; the median ratio is reported.
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var server in round % 2 == 1 ? Servers : Servers.Reverse())
                {
                    var process = processes[server];
                    process.Refresh();
                    var before = process.TotalProcessorTime;
                    var (rps, requests) = await WrkRunAsync(ports[server], seconds, connections);
                    process.Refresh();
                    results[server].Add(rps);
                    cpu[server].Add((process.TotalProcessorTime - before).TotalMicroseconds / requests);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round,2}: minimal {results["minimal"][^1],9:N0} req/s {cpu["minimal"][^1],6:F1} us CPU/req   justscale {results["justscale"][^1],9:N0} req/s {cpu["justscale"][^1],6:F1} us CPU/req   ratio {results["justscale"][^1] / results["minimal"][^1]:F3}"));
            }
        }
        finally
        {
            foreach (var process in processes.Values)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                process.Dispose();
            }
        }

        var ratios = results["justscale"].Zip(results["minimal"], (j, m) => j / m).Order().ToList();
        var median = Median(ratios);
        Console.WriteLine();
        Console.WriteLine($"| Server | Requests/s (median of {rounds} alternating {seconds} s runs, {connections} connections) | Server CPU per request (median) |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| ASP.NET Core minimal API `MapGet` | {Median(results["minimal"]):N0} | {Median(cpu["minimal"]):F1} us |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| JustScale.Http `Get(\"/hello\").Handle(...)` | {Median(results["justscale"]):N0} | {Median(cpu["justscale"]):F1} us |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio JustScale / minimal API: requests/s median {median:F3} (per-round range {ratios[0]:F3} to {ratios[^1]:F3}); CPU per request {Median(cpu["justscale"]) / Median(cpu["minimal"]):F3}"));
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static Process Start(string server, int port)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find the running executable.");
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(Comparison).Assembly.Location);
        }

        foreach (var argument in new[] { "serve", server, port.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"Cannot start the {server} server.");
    }

    private static async Task WaitReadyAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("ready", StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new InvalidOperationException("The server exited before it was ready.");
    }

    private static async Task<double> WrkAsync(int port, int seconds, int connections) =>
        (await WrkRunAsync(port, seconds, connections)).RequestsPerSecond;

    private static async Task<(double RequestsPerSecond, long Requests)> WrkRunAsync(int port, int seconds, int connections)
    {
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-t1", $"-c{connections}", $"-d{seconds}s", $"http://127.0.0.1:{port}/hello" })
        {
            info.ArgumentList.Add(argument);
        }

        using var wrk = Process.Start(info) ?? throw new InvalidOperationException("Cannot start wrk (apt-get install -y wrk).");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        if (output.Contains("Non-2xx", StringComparison.Ordinal) || output.Contains("Socket errors", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"wrk saw errors:\n{output}");
        }

        var rate = RequestsPerSecond().Match(output);
        var total = TotalRequests().Match(output);
        return rate.Success && total.Success
            ? (double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture))
            : throw new InvalidOperationException($"Cannot read wrk's output:\n{output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex TotalRequests();
}
