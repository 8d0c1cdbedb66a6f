using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace JustScale.Realtime;

/// <summary>Wraps one accepted WebSocket; made by <see cref="RealtimeRoutes.WebSocket{TContext}"/>.</summary>
/// <remarks>
/// <see cref="Closed"/> is cancelled when the client leaves, the server stops or the session ends; the socket is then closed
/// with status 1008 (policy violation) when the session ended. Keep-alive pings go every
/// <see cref="RealtimeOptions.HeartbeatInterval"/>. Sends are serialised; a send waits for the network, so a slow client
/// slows its own handler only.
/// </remarks>
public sealed class WebSocketConnection
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _sending = new(1, 1);

    internal WebSocketConnection(WebSocket socket, CancellationToken closed)
    {
        Socket = socket;
        Closed = closed;
    }

    /// <summary>Gets the underlying socket, for anything beyond text and JSON.</summary>
    public WebSocket Socket { get; }

    /// <summary>Gets a token cancelled when the connection closes: the client left, the server stops, or the session ended.</summary>
    public CancellationToken Closed { get; }

    /// <summary>Sends a text message.</summary>
    public async ValueTask SendTextAsync(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        await _sending.WaitAsync(Closed).ConfigureAwait(false);
        try
        {
            await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, Closed).ConfigureAwait(false);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Sends a value as a camelCase JSON text message.</summary>
    public ValueTask SendJsonAsync<T>(T value) => SendTextAsync(JsonSerializer.Serialize(value, Json));

    /// <summary>Sends a close frame (1008 when the session ended, 1001 when the server stops), then aborts the socket if the client does not answer within a second.</summary>
    internal async Task CloseAsync(bool sessionEnded)
    {
        try
        {
            await _sending.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await Socket.CloseOutputAsync(sessionEnded ? WebSocketCloseStatus.PolicyViolation : WebSocketCloseStatus.EndpointUnavailable,
                    sessionEnded ? "Session ended" : "Server stopping", timeout.Token).ConfigureAwait(false);
            }

            await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // the client is gone or slow: abort below
        }

        Socket.Abort();
    }

    /// <summary>Receives the next text message, or null when the client closed the connection (or it was closed).</summary>
    /// <param name="maxBytes">The largest message accepted; a larger one closes the connection (1009). 64 KiB by default.</param>
    public async ValueTask<string?> ReceiveTextAsync(int maxBytes = 64 * 1024)
    {
        var buffer = new byte[Math.Min(maxBytes, 16 * 1024)];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                // Not cancelled by Closed (a cancelled receive aborts the socket): closing sends a close frame, and the
                // client's answer ends this receive.
                var result = await Socket.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                message.Write(buffer, 0, result.Count);
                if (message.Length > maxBytes)
                {
                    await Socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "Message too big", CancellationToken.None).ConfigureAwait(false);
                    return null;
                }

                if (result.EndOfMessage)
                {
                    return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            return null;
        }
    }
}
