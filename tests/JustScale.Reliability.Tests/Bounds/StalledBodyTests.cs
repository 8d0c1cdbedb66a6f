using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using JustScale.Testing;

namespace JustScale.Reliability.Tests;

/// <summary>Sends 130 bodies of 1 MiB − 1 byte quickly and then stalls them, on routes that need authentication or read no body,
/// under a 100 MB heap limit, while normal clients register and log in (issue 25, the HIGH finding).</summary>
/// <remarks>
/// Bodies used to be read whole before any step ran, on every route without its own limit: 90-130 such clients made the
/// process answer OutOfMemoryException 500s to legitimate registrations, and it exited in 2 of 3 runs. Now a route that takes
/// no body refuses one unread (413), a route behind <c>.Use(Auth)</c> answers 401 before reading, Kestrel buffers at most
/// 64 KiB per connection ahead of the application, and one budget bounds the bodies in flight (503 past it).
/// </remarks>
[TestFixture]
public sealed class StalledBodyTests
{
    private const int Declared = 1024 * 1024;

    private static readonly (string Method, string Path)[] Targets =
    [
        ("POST", "/auth/logout"), ("POST", "/auth/logout-all"), ("POST", "/messages"), ("PATCH", "/users/00000000-0000-0000-0000-000000000001"),
        ("POST", "/account/email/verification"), ("POST", "/account/2fa/setup"), ("DELETE", "/account/sessions/00000000-0000-0000-0000-000000000001"),
        ("POST", "/account/sessions/revoke-others"),
    ];

    [Test]
    public async Task StalledBodies_130FastThenStalledOnAuthAndBodylessRoutesUnder100MbHeap_RegistrationsStillAnsweredNo5xx()
    {
        const int stalledCount = 130;
        var duration = Mode.Pick(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(30));
        var environment = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x6400000" };
        await using var example = await ExampleProcess.StartAsync(null, environment, "--rate-limits", "off");
        using var client = new ApiClient(example.Url, TimeSpan.FromSeconds(30));

        using var stop = new CancellationTokenSource();
        var stalled = Enumerable.Range(0, stalledCount).Select(i => SendAndStallAsync(example.Url, Targets[i % Targets.Length], stop.Token)).ToArray();
        var during = await SteadyTraffic.NormalTrafficAsync(client, duration);
        await stop.CancelAsync();
        var ends = await Task.WhenAll(stalled).WaitAsync(TimeSpan.FromSeconds(30));
        var after = await SteadyTraffic.NormalTrafficAsync(client, TimeSpan.FromSeconds(1));

        var answers = string.Join(", ", ends.GroupBy(e => e).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} x {g.Key}"));
        var peak = example.ReadMemory("VmHWM") / (1024 * 1024);
        Figures.Report($"{stalledCount} clients sending 1 MiB - 1 quickly then stalling on auth and bodyless routes, 100 MB heap limit: normal requests during {during.Summary}, after {after.Summary}; stalled clients: {answers}; peak RSS {peak} MB");

        Assert.That(example.IsAlive, Is.True, example.Output);
        Assert.That(during.Failures, Is.Empty);
        Assert.That(during.Count, Is.GreaterThanOrEqualTo(3), "normal requests were starved");
        Assert.That(after.Failures, Is.Empty);
        Assert.That(ends, Has.None.StartsWith("5"));
        Assert.That(example.Output, Does.Not.Contain("OutOfMemoryException"));
    }

    /// <summary>Declares a 1 MiB JSON body, sends all of it but the last byte as fast as the socket takes it, then waits for an answer.</summary>
    private static async Task<string> SendAndStallAsync(Uri server, (string Method, string Path) target, CancellationToken stop)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", server.Port, stop);
        var head = Encoding.ASCII.GetBytes($"{target.Method} {target.Path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {Declared}\r\n\r\n");
        var body = new byte[Declared - 1];
        Array.Fill(body, (byte)'a');
        body[0] = (byte)'[';
        body[1] = (byte)'"';
        var reading = SteadyTraffic.ReadAnswerAsync(socket);
        try
        {
            await socket.SendAsync(head, SocketFlags.None, stop);
            await socket.SendAsync(body, SocketFlags.None, stop);
            await Task.WhenAny(reading, Task.Delay(Timeout.Infinite, stop));
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            // The server closed the connection, or the test is over.
        }

        return reading.IsCompleted ? await reading : "still open";
    }
}
