using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace JustScale.Reliability.Tests;

/// <summary>Sends hand-made HTTP/1.1 bytes over a plain socket and reads one response, for requests no HTTP client would send.</summary>
/// <remarks>
/// The request is written in slices while the response is read, and writing stops once the answer has arrived, so a
/// server that answers a 10 MB body with 413 and closes is seen answering, not resetting a half-written upload.
/// </remarks>
internal static class RawHttp
{
    private const int Slice = 16 * 1024;

    /// <summary>Sends the bytes and returns the first response, or a response with status 0 when the connection closed unanswered.</summary>
    /// <param name="server">The server's base URL (host and port are used).</param>
    /// <param name="request">The complete request bytes.</param>
    /// <param name="timeout">How long to wait for the answer; past it the status is -1 (a hang).</param>
    /// <param name="closeAfterWrite">Whether to shut down the sending side after the last byte (a client that stops early).</param>
    public static async Task<RawResponse> SendAsync(Uri server, byte[] request, TimeSpan timeout, bool closeAfterWrite = false)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(server.Host == "localhost" ? "127.0.0.1" : server.Host, server.Port, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            return RawResponse.Hang;
        }

        using var answered = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var writing = WriteAsync(socket, request, closeAfterWrite, answered.Token);
        try
        {
            var response = await ReadAsync(socket, deadline.Token);
            return response;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return RawResponse.Hang;
        }
        finally
        {
            await answered.CancelAsync();
            await writing;
        }
    }

    /// <summary>Builds request bytes: request line, headers (Host and Content-Length added unless given), body.</summary>
    public static byte[] Build(string method, string target, IEnumerable<(string Name, string Value)>? headers = null, byte[]? body = null)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\n");
        var list = headers?.ToList() ?? [];
        if (!list.Any(h => h.Name.Equals("Host", StringComparison.OrdinalIgnoreCase)))
        {
            text.Append("Host: localhost\r\n");
        }

        foreach (var (name, value) in list)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        var framed = list.Any(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
            || h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase));
        if (body is not null && !framed)
        {
            text.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        }

        text.Append("\r\n");
        return [.. Latin1(text.ToString()), .. body ?? []];
    }

    /// <summary>Encodes text one byte per char (what a raw request line and headers are on the wire).</summary>
    public static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    private static async Task WriteAsync(Socket socket, byte[] request, bool closeAfterWrite, CancellationToken stop)
    {
        try
        {
            for (var offset = 0; offset < request.Length && !stop.IsCancellationRequested; offset += Slice)
            {
                await socket.SendAsync(request.AsMemory(offset, Math.Min(Slice, request.Length - offset)), SocketFlags.None, stop);
            }

            if (closeAfterWrite && !stop.IsCancellationRequested)
            {
                socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server answered (and closed) before the whole request was sent: what it answered is what counts.
        }
    }

    private static async Task<RawResponse> ReadAsync(Socket socket, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[64 * 1024];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(received)) < 0)
        {
            var read = await ReceiveAsync(socket, buffer, cancellationToken);
            if (read <= 0)
            {
                return RawResponse.Unanswered(read < 0);
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.Latin1.GetString(received.GetRange(0, headerEnd).ToArray()).Split("\r\n");
        var status = int.Parse(head[0].Split(' ')[1], CultureInfo.InvariantCulture);
        while (status is >= 100 and < 200)
        {
            // An interim answer (100 Continue): the final one follows.
            received.RemoveRange(0, headerEnd + 4);
            while ((headerEnd = IndexOfHeaderEnd(received)) < 0)
            {
                var read = await ReceiveAsync(socket, buffer, cancellationToken);
                if (read <= 0)
                {
                    return RawResponse.Unanswered(read < 0);
                }

                received.AddRange(buffer.AsSpan(0, read));
            }

            head = Encoding.Latin1.GetString(received.GetRange(0, headerEnd).ToArray()).Split("\r\n");
            status = int.Parse(head[0].Split(' ')[1], CultureInfo.InvariantCulture);
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in head.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var name = line[..colon].Trim();
                headers[name] = headers.TryGetValue(name, out var existing) ? existing + ", " + line[(colon + 1)..].Trim() : line[(colon + 1)..].Trim();
            }
        }

        var body = received.GetRange(headerEnd + 4, received.Count - headerEnd - 4);
        if (headers.TryGetValue("Content-Length", out var lengthText))
        {
            var length = int.Parse(lengthText, CultureInfo.InvariantCulture);
            while (body.Count < length)
            {
                var read = await ReceiveAsync(socket, buffer, cancellationToken);
                if (read <= 0)
                {
                    break;
                }

                body.AddRange(buffer.AsSpan(0, read));
            }
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (!EndsChunked(body))
            {
                var read = await ReceiveAsync(socket, buffer, cancellationToken);
                if (read <= 0)
                {
                    break;
                }

                body.AddRange(buffer.AsSpan(0, read));
            }

            body = Dechunk(body);
        }

        return new RawResponse(status, headers, [.. body]);
    }

    /// <summary>Receives once; 0 at the end of the stream, -1 when the connection was reset.</summary>
    private static async Task<int> ReceiveAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        }
        catch (SocketException)
        {
            return -1;
        }
    }

    private static int IndexOfHeaderEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    private static bool EndsChunked(List<byte> body) =>
        body.Count >= 5 && Encoding.Latin1.GetString([.. body.TakeLast(5)]) == "0\r\n\r\n";

    private static List<byte> Dechunk(List<byte> chunked)
    {
        var text = chunked.ToArray();
        var result = new List<byte>();
        var position = 0;
        while (position < text.Length)
        {
            var lineEnd = Array.IndexOf(text, (byte)'\n', position);
            if (lineEnd < 0)
            {
                break;
            }

            var size = int.Parse(Encoding.Latin1.GetString(text, position, lineEnd - position).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }

            result.AddRange(text.AsSpan(lineEnd + 1, size));
            position = lineEnd + 1 + size + 2;
        }

        return result;
    }
}

/// <summary>One raw response: status (0 closed unanswered, -1 no answer within the timeout), headers and body bytes.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>Gets the answer for a request that got no response within the timeout.</summary>
    public static RawResponse Hang { get; } = new(-1, new Dictionary<string, string>(), []);

    /// <summary>Gets whether the connection was reset rather than closed (only for unanswered requests).</summary>
    public bool WasReset { get; private init; }

    /// <summary>Gets the body as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>Returns the answer for a connection that closed (or was reset) before a response arrived.</summary>
    public static RawResponse Unanswered(bool reset) => new(0, new Dictionary<string, string>(), []) { WasReset = reset };
}
