using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using JustScale.Testing;

namespace JustScale.Reliability.Tests;

/// <summary>What the body-bound tests (slow bodies, stalled bodies) share: normal traffic sent beside the misbehaving clients,
/// and reading an answer off a raw socket.</summary>
internal static class SteadyTraffic
{
    /// <summary>Reads the status code of the server's answer on a raw socket, or "closed".</summary>
    public static async Task<string> ReadAnswerAsync(Socket socket)
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

    /// <summary>Sends normal requests one after another for a while: liveness, then a register and a login of a new user.</summary>
    public static async Task<Traffic> NormalTrafficAsync(ApiClient client, TimeSpan duration)
    {
        var traffic = new Traffic();
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            var email = $"steady-{Guid.NewGuid():N}@example.com";
            traffic.Add(await client.GetAsync("/health/live"));
            traffic.Add(await client.PostAsync("/auth/register", new { email, password = ApiClient.Password }));
            traffic.Add(await client.PostAsync("/auth/login", new { email, password = ApiClient.Password }));
        }

        return traffic;
    }

    /// <summary>The normal requests sent beside the slow or stalled clients: latencies and the answers that were not 200.</summary>
    public sealed class Traffic
    {
        public Latencies Latencies { get; } = new();

        public List<string> Failures { get; } = [];

        public int Count => Latencies.Count;

        public string Summary => $"{Count} x ({Latencies})";

        public void Add(ApiResponse answer)
        {
            Latencies.Add(answer.Elapsed);
            if (answer.Status != HttpStatusCode.OK)
            {
                Failures.Add($"{answer.Code} {answer.Text}");
            }
        }
    }
}
