using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace JustScale.Testing;

/// <summary>Speaks the Chrome DevTools Protocol over one WebSocket: numbered commands with their answers, and awaited events.</summary>
/// <remarks>Commands to a page carry the session id of a flat <c>Target.attachToTarget</c>, so one socket serves every tab.</remarks>
internal sealed class DevToolsConnection : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ConcurrentDictionary<int, (string Method, TaskCompletionSource<JsonElement> Answer)> _pending = new();
    private readonly ConcurrentDictionary<(string Method, string SessionId), TaskCompletionSource<JsonElement>> _events = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _receiving;
    private int _lastId;

    private DevToolsConnection(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = Task.Run(ReceiveAsync);
    }

    /// <summary>Opens the browser-level WebSocket (<c>ws://127.0.0.1:port/devtools/browser/id</c>).</summary>
    public static async Task<DevToolsConnection> ConnectAsync(Uri url, CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        socket.Options.Proxy = null; // loopback only: an HTTP(S)_PROXY in the environment must not get in the way
        try
        {
            await socket.ConnectAsync(url, cancellationToken).WaitAsync(CommandTimeout, cancellationToken);
            return new DevToolsConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends a command and returns its <c>result</c>; a protocol error becomes an exception naming the command.</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters = null, string? sessionId = null, CancellationToken cancellationToken = default)
    {
        var id = Interlocked.Increment(ref _lastId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = (method, answer);
        try
        {
            var message = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters, sessionId }, Json);
            await _sending.WaitAsync(cancellationToken);
            try
            {
                await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
            finally
            {
                _sending.Release();
            }

            return await answer.Task.WaitAsync(CommandTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Chromium did not answer the DevTools command {method} within {CommandTimeout.TotalSeconds} s.");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Returns a task for the next event of a page session; call it before the command that causes the event.</summary>
    public Task<JsonElement> NextEventAsync(string method, string sessionId) =>
        _events.GetOrAdd((method, sessionId), _ => new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Closes the socket and fails whatever still waits for an answer.</summary>
    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        await _receiving;
        _socket.Dispose();
        _sending.Dispose();
        _closing.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                message.SetLength(0);
                ValueWebSocketReceiveResult part;
                do
                {
                    part = await _socket.ReceiveAsync(buffer.AsMemory(), _closing.Token);
                    if (part.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    message.Write(buffer, 0, part.Count);
                }
                while (!part.EndOfMessage);

                Dispatch(message.GetBuffer().AsMemory(0, (int)message.Length));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Closed by DisposeAsync, or the browser went away.
        }
        finally
        {
            var gone = new InvalidOperationException("Chromium closed the DevTools connection.");
            foreach (var (_, pending) in _pending)
            {
                pending.Answer.TrySetException(gone);
            }

            foreach (var (_, waiter) in _events)
            {
                waiter.TrySetException(gone);
            }
        }
    }

    private void Dispatch(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("id", out var id))
        {
            if (_pending.TryGetValue(id.GetInt32(), out var pending))
            {
                if (root.TryGetProperty("error", out var error))
                {
                    pending.Answer.TrySetException(new InvalidOperationException($"The DevTools command {pending.Method} failed: {error}"));
                }
                else
                {
                    pending.Answer.TrySetResult(root.GetProperty("result").Clone());
                }
            }
        }
        else if (root.TryGetProperty("method", out var method))
        {
            var sessionId = root.TryGetProperty("sessionId", out var session) ? session.GetString() ?? "" : "";
            if (_events.TryRemove((method.GetString() ?? "", sessionId), out var waiter))
            {
                waiter.TrySetResult(root.TryGetProperty("params", out var parameters) ? parameters.Clone() : default);
            }
        }
    }
}
