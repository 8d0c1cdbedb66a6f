using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace JustScale.Realtime;

/// <summary>Sends server-sent events (<c>text/event-stream</c>) to one client; made by <see cref="RealtimeRoutes.Sse{TContext}"/>.</summary>
/// <remarks>
/// <see cref="Send{T}"/> never waits for the network: events queue (up to <see cref="RealtimeOptions.SendBufferSize"/>) and
/// one writer sends them; a client too slow to keep up is disconnected rather than buffered without bound. An idle stream
/// gets a comment line every <see cref="RealtimeOptions.HeartbeatInterval"/>, which keeps proxies from closing it.
/// <see cref="Closed"/> is cancelled when the client leaves, the server stops, or the session ends.
/// </remarks>
public sealed class EventStream
{
    private static readonly byte[] Heartbeat = ": ping\n\n"u8.ToArray();
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Channel<byte[]> _queue;
    private readonly HttpResponse _response;
    private readonly Action _close;

    internal EventStream(HttpResponse response, CancellationToken closed, int bufferSize, Action close)
    {
        _response = response;
        Closed = closed;
        _close = close;
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(bufferSize) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Gets a token cancelled when the stream closes: the client left, the server stops, or the session ended.</summary>
    public CancellationToken Closed { get; }

    /// <summary>Queues an event with a JSON payload; false when the stream is closed or the client fell too far behind (it is then closed).</summary>
    /// <param name="eventName">The event's name (<c>event:</c> line), or null for a plain message.</param>
    /// <param name="data">The payload, written as camelCase JSON on one <c>data:</c> line.</param>
    /// <param name="id">The event's id (<c>id:</c> line), or null.</param>
    public bool Send<T>(string? eventName, T data, string? id = null)
    {
        if (Closed.IsCancellationRequested)
        {
            return false;
        }

        var text = (id is null ? "" : $"id: {OneLine(id)}\n") + (eventName is null ? "" : $"event: {OneLine(eventName)}\n")
            + $"data: {JsonSerializer.Serialize(data, Json)}\n\n";
        if (_queue.Writer.TryWrite(Encoding.UTF8.GetBytes(text)))
        {
            return true;
        }

        _close(); // backpressure: the client is too slow; it reconnects and catches up
        return false;
    }

    /// <summary>Starts the response and writes queued events and heartbeats until the stream closes.</summary>
    internal async Task RunAsync(TimeSpan heartbeat, TimeProvider time)
    {
        _response.StatusCode = StatusCodes.Status200OK;
        _response.ContentType = "text/event-stream";
        _response.Headers.CacheControl = "no-cache";
        _response.Headers["X-Accel-Buffering"] = "no";
        _response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await _response.Body.WriteAsync(": open\n\n"u8.ToArray(), Closed).ConfigureAwait(false);
            await _response.Body.FlushAsync(Closed).ConfigureAwait(false);
            using var timer = new PeriodicTimer(heartbeat, time);
            var tick = timer.WaitForNextTickAsync(Closed).AsTask();
            var next = _queue.Reader.WaitToReadAsync(Closed).AsTask();
            while (!Closed.IsCancellationRequested)
            {
                var done = await Task.WhenAny(tick, next).ConfigureAwait(false);
                if (done == next)
                {
                    if (!await next.ConfigureAwait(false))
                    {
                        return;
                    }

                    while (_queue.Reader.TryRead(out var message))
                    {
                        await _response.Body.WriteAsync(message, Closed).ConfigureAwait(false);
                    }

                    next = _queue.Reader.WaitToReadAsync(Closed).AsTask();
                }
                else
                {
                    await tick.ConfigureAwait(false);
                    await _response.Body.WriteAsync(Heartbeat, Closed).ConfigureAwait(false);
                    tick = timer.WaitForNextTickAsync(Closed).AsTask();
                }

                await _response.Body.FlushAsync(Closed).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (Closed.IsCancellationRequested)
        {
            // closed: the client left, the server stops, or the session ended
        }
        catch (IOException)
        {
            // the client went away mid-write
        }
        finally
        {
            _queue.Writer.TryComplete();
        }
    }

    /// <summary>Ends the stream after the queued events.</summary>
    internal void Complete() => IsCompleted = _queue.Writer.TryComplete() || IsCompleted;

    /// <summary>Gets whether the handler finished and the queue takes no more events.</summary>
    internal bool IsCompleted { get; private set; }

    private static string OneLine(string value) => value.Replace('\n', ' ').Replace('\r', ' ');
}
