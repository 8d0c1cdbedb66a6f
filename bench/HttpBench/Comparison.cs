using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace HttpBench;

/// <summary>Starts both servers as separate processes and measures them with wrk in alternating rounds.</summary>
internal static partial class Comparison
{
    private static readonly string[] Servers = ["minimal", "justscale"];

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var connections = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
        var results = Servers.ToDictionary(s => s, _ => new List<double>());

        for (var round = 1; round <= rounds; round++)
        {
            // Alternate which server goes first, so drift in the machine's load hits both alike.
            foreach (var server in round % 2 == 1 ? Servers : Servers.Reverse())
            {
                var port = FreePort();
                using var process = Start(server, port);
                try
                {
                    await WaitReadyAsync(process);
                    await WrkAsync(port, 3, connections); // warm-up: JIT, tiered compilation, connection pools
                    var rps = await WrkAsync(port, seconds, connections);
                    results[server].Add(rps);
                    Console.WriteLine($"round {round} {server,-9} {rps,12:N0} req/s");
                }
                finally
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
        }

        var minimal = results["minimal"].Average();
        var justScale = results["justscale"].Average();
        Console.WriteLine();
        Console.WriteLine($"| Server | Requests/s (mean of {rounds} x {seconds} s, {connections} connections) |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| ASP.NET Core minimal API `MapGet` | {minimal:N0} |");
        Console.WriteLine($"| JustScale.Http `Get(\"/hello\").Handle(...)` | {justScale:N0} |");
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio JustScale / minimal API = {justScale / minimal:F3}"));
        return 0;
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

    private static async Task<double> WrkAsync(int port, int seconds, int connections)
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

        var match = RequestsPerSecond().Match(output);
        return match.Success
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
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
}
