using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using JustScale.Testing;

namespace JustScale.Reliability.Tests;

/// <summary>Holds connections open with request headers trickled a byte at a time (slowloris) while normal clients use the example process.</summary>
/// <remarks>
/// The example listens with JustScale.Http's defaults (ListenOptions): request headers must arrive within 10 s
/// (RequestHeadersTimeout), and Kestrel's connections are asynchronous, so slow clients hold a socket, not a thread.
/// </remarks>
[TestFixture]
public sealed class SlowClientTests
{
    private static readonly TimeSpan HeadersTimeout = new Http.ListenOptions().RequestHeadersTimeout;

    [Test]
    public async Task SlowClients_HundredTricklingHeaders_NormalRequestsServedAndSlowOnesCutOff()
    {
        var slowCount = Mode.Pick(100, 1000);
        await using var example = await ExampleProcess.StartAsync(null);
        using var client = new ApiClient(example.Url, TimeSpan.FromSeconds(30));
        var token = await client.RegisterAsync($"patient-{Guid.NewGuid():N}@example.com");
        var baseline = await NormalTrafficAsync(client, token, TimeSpan.FromSeconds(1));

        using var stop = new CancellationTokenSource();
        var slow = Enumerable.Range(0, slowCount).Select(i => TrickleAsync(example.Url, i, stop.Token)).ToArray();
        await Task.Delay(500);
        var during = await NormalTrafficAsync(client, token, HeadersTimeout - TimeSpan.FromSeconds(2));
        var ends = await Task.WhenAll(slow).WaitAsync(HeadersTimeout + TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        var after = await NormalTrafficAsync(client, token, TimeSpan.FromSeconds(1));

        var cutAfter = new Latencies();
        foreach (var end in ends.Where(e => e.Closed))
        {
            cutAfter.Add(end.After);
        }

        var answers = string.Join(", ", ends.GroupBy(e => e.Answer).Select(g => $"{g.Count()} x {g.Key}"));
        Figures.Report($"{slowCount} clients trickling headers (1 byte / 500 ms): normal requests before {baseline.Summary}, during {during.Summary}, after {after.Summary}; slow clients cut off after {cutAfter} ({answers}); threads {example.Threads()}");

        Assert.That(during.Failures, Is.Empty);
        Assert.That(during.Count, Is.GreaterThanOrEqualTo(20), "normal requests were starved");
        Assert.That(during.Latencies.Percentile(95), Is.LessThan(3000));
        Assert.That(ends.Select(e => e.Closed), Has.All.True, "a slow client was never cut off");
        Assert.That(cutAfter.Max, Is.LessThan((HeadersTimeout + TimeSpan.FromSeconds(10)).TotalMilliseconds));
        Assert.That(cutAfter.Percentile(50), Is.GreaterThanOrEqualTo(HeadersTimeout.TotalMilliseconds * 0.9), "cut off before the header timeout");
        Assert.That(ends.Select(e => e.Answer), Has.All.AnyOf("408", "closed"));
        Assert.That(after.Failures, Is.Empty);
        Assert.That(example.IsAlive, Is.True);
    }

    /// <summary>Sends a request line and then one header byte every 500 ms until the server answers or closes.</summary>
    private static async Task<(bool Closed, TimeSpan After, string Answer)> TrickleAsync(Uri server, int index, CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", server.Port, stop);
        var head = Encoding.ASCII.GetBytes($"GET /feed HTTP/1.1\r\nHost: localhost\r\nX-Slow-{index}: ");
        await socket.SendAsync(head, SocketFlags.None, stop);
        var reading = ReadAnswerAsync(socket);
        while (!stop.IsCancellationRequested && !reading.IsCompleted)
        {
            try
            {
                await socket.SendAsync("a"u8.ToArray(), SocketFlags.None, stop);
            }
            catch (SocketException)
            {
                break;
            }

            await Task.WhenAny(reading, Task.Delay(500, stop));
        }

        var answer = reading.IsCompleted ? await reading : null;
        return (answer is not null, Stopwatch.GetElapsedTime(started), answer ?? "still open");
    }

    private static async Task<string> ReadAnswerAsync(Socket socket)
    {
        var buffer = new byte[1024];
        try
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
            var text = Encoding.ASCII.GetString(buffer, 0, read);
            return text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? text[9..12] : "closed";
        }
        catch (SocketException)
        {
            return "closed";
        }
    }

    /// <summary>Sends normal requests one after another for a while: the anonymous feed, a profile with a token.</summary>
    private static async Task<Traffic> NormalTrafficAsync(ApiClient client, string token, TimeSpan duration)
    {
        var traffic = new Traffic();
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        for (var i = 0; Stopwatch.GetTimestamp() < until; i++)
        {
            var answer = i % 2 == 0 ? await client.GetAsync("/feed") : await client.GetAsync("/profile", token);
            traffic.Latencies.Add(answer.Elapsed);
            if (answer.Status != HttpStatusCode.OK)
            {
                traffic.Failures.Add($"{answer.Code} {answer.Text}");
            }
        }

        return traffic;
    }

    private sealed class Traffic
    {
        public Latencies Latencies { get; } = new();

        public List<string> Failures { get; } = [];

        public int Count => Latencies.Count;

        public string Summary => $"{Count} x ({Latencies})";
    }
}
