using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using JustScale.Testing;

namespace JustScale.Reliability.Tests;

/// <summary>Holds requests open that declare a 1 MiB body and trickle it, under a 100 MB heap limit, while normal clients use the example process.</summary>
/// <remarks>
/// Issue 17: body buffers used to be rented at the declared length before a byte arrived, so 120-250 such clients
/// exhausted a 100 MB heap (the process died or answered 500 to everyone). Now /auth/login refuses a declared body over
/// its 8 KiB limit at once (413, connection closed), and a route with the server's 1 MiB limit (/messages, whose body is
/// read before authentication) commits memory only as bytes arrive. The trickle (512 bytes/s) stays above Kestrel's
/// minimum body data rate, so the server must bear the clients, not cut them off.
/// </remarks>
[TestFixture]
public sealed class SlowBodyTests
{
    private const int Declared = 1024 * 1024;

    [Test]
    public async Task SlowBodies_TwoHundredFiftyDeclaringOneMebibyteUnder100MbHeap_ProcessKeepsServingWithoutServerErrors()
    {
        var slowCount = 250;
        var duration = Mode.Pick(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(45));
        var environment = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x6400000" };
        await using var example = await ExampleProcess.StartAsync(null, environment, "--rate-limits", "off");
        using var client = new ApiClient(example.Url, TimeSpan.FromSeconds(30));

        using var stop = new CancellationTokenSource();
        var slow = Enumerable.Range(0, slowCount)
            .SelectMany(i => new[] { TrickleAsync(example.Url, "/auth/login", stop.Token), TrickleAsync(example.Url, "/messages", stop.Token) })
            .ToArray();
        await Task.Delay(500);
        var during = await SteadyTraffic.NormalTrafficAsync(client, duration);
        await stop.CancelAsync();
        var ends = await Task.WhenAll(slow).WaitAsync(TimeSpan.FromSeconds(30));
        var after = await SteadyTraffic.NormalTrafficAsync(client, TimeSpan.FromSeconds(1));

        var answers = string.Join(", ", ends.GroupBy(e => $"{e.Path} {e.Answer}").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} x {g.Key}"));
        var peak = example.ReadMemory("VmHWM") / (1024 * 1024);
        Figures.Report($"{slowCount} + {slowCount} clients declaring 1 MiB to /auth/login and /messages, trickling 512 bytes/s, 100 MB heap limit: normal requests during {during.Summary}, after {after.Summary}; slow clients: {answers}; peak RSS {peak} MB");

        Assert.That(example.IsAlive, Is.True, example.Output);
        Assert.That(during.Failures, Is.Empty);
        Assert.That(during.Count, Is.GreaterThanOrEqualTo(5), "normal requests were starved");
        Assert.That(after.Failures, Is.Empty);
        Assert.That(ends.Where(e => e.Path == "/auth/login").Select(e => e.Answer), Has.All.EqualTo("413"), "login must refuse a declared 1 MiB body at once");
        Assert.That(ends.Select(e => e.Answer), Has.None.StartsWith("5"));
        Assert.That(example.Output, Does.Not.Contain("OutOfMemoryException"));
    }

    /// <summary>Declares a 1 MiB JSON body and sends 512 bytes of it every second until the server answers or the test stops.</summary>
    private static async Task<(string Path, string Answer)> TrickleAsync(Uri server, string path, CancellationToken stop)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", server.Port, stop);
        var head = Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {Declared}\r\n\r\n[\"");
        var reading = SteadyTraffic.ReadAnswerAsync(socket);
        var slice = Encoding.ASCII.GetBytes(new string('a', 512));
        try
        {
            await socket.SendAsync(head, SocketFlags.None, stop);
            while (!stop.IsCancellationRequested && !reading.IsCompleted)
            {
                await socket.SendAsync(slice, SocketFlags.None, stop);
                await Task.WhenAny(reading, Task.Delay(1000, stop));
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            // The server closed the connection, or the test is over.
        }

        return (path, reading.IsCompleted ? await reading : "still open");
    }
}
