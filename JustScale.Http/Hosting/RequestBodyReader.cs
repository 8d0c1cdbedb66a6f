using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace JustScale.Http.Hosting;

/// <summary>Reads a request body into a pooled buffer, enforcing the size limit to the byte, and checks that it is JSON.</summary>
/// <remarks>
/// The limit counts body bytes only; Kestrel's own limit (equal to it) stays as the backstop for bodies nobody reads,
/// and is widened for chunked requests, whose framing it counts. A body slightly over the limit (by up to <see cref="DrainBytes"/>) is read to its end and discarded, so a
/// client still sending it receives the 413 instead of a reset connection; a larger one is refused at once and the
/// connection closed.
/// </remarks>
internal static class RequestBodyReader
{
    /// <summary>Gets how far past the limit a body is still read and discarded before answering 413.</summary>
    public const int DrainBytes = 64 * 1024;

    private const int ChunkedInitialSize = 4096;

    /// <summary>Gets whether the request carries a body (a positive Content-Length, or chunked).</summary>
    public static bool HasBody(HttpContext http) =>
        http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? http.Request.ContentLength > 0;

    /// <summary>Reads the whole body, or reports it over <paramref name="maxBytes"/> (declared or actually sent).</summary>
    /// <remarks>When it fits, the caller owns the buffer (from <see cref="ArrayPool{T}.Shared"/>) and returns it.</remarks>
    public static async ValueTask<BodyRead> ReadAsync(HttpContext http, int maxBytes)
    {
        var reader = http.Request.BodyReader;
        var declared = http.Request.ContentLength;
        if (declared > maxBytes)
        {
            if (declared > (long)maxBytes + DrainBytes)
            {
                return BodyRead.TooLarge(drained: false);
            }

            SetKestrelLimit(http, declared.Value);
            return BodyRead.TooLarge(await DrainAsync(reader, declared.Value, http.RequestAborted).ConfigureAwait(false));
        }

        if (declared is null)
        {
            // Kestrel counts chunk framing against its limit; leave room for it, the body bytes are counted here.
            SetKestrelLimit(http, (2L * maxBytes) + DrainBytes);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(declared is > 0 ? (int)declared.Value : ChunkedInitialSize);
        var length = 0;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(http.RequestAborted).ConfigureAwait(false);
                var data = result.Buffer;
                if (length + data.Length > maxBytes)
                {
                    var seen = length + data.Length;
                    reader.AdvanceTo(data.End);
                    ArrayPool<byte>.Shared.Return(buffer);
                    var drained = result.IsCompleted
                        || await DrainAsync(reader, (long)maxBytes + DrainBytes - seen, http.RequestAborted).ConfigureAwait(false);
                    return BodyRead.TooLarge(drained);
                }

                if (length + data.Length > buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBytes, Math.Max(buffer.Length * 2L, length + data.Length)));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                data.CopyTo(buffer.AsSpan(length));
                length += (int)data.Length;
                reader.AdvanceTo(data.End);
                if (result.IsCompleted)
                {
                    return BodyRead.Fits(buffer, length);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Checks that the bytes are exactly one JSON value (whitespace around it allowed), in valid UTF-8.</summary>
    /// <remarks>Utf8JsonReader does not validate the UTF-8 inside strings, so that is checked first (RFC 8259 requires UTF-8).</remarks>
    public static bool IsJson(ReadOnlySpan<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return false;
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void SetKestrelLimit(HttpContext http, long limit)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
    }

    /// <summary>Reads and discards up to <paramref name="budget"/> bytes; true when the body ended within it.</summary>
    private static async ValueTask<bool> DrainAsync(PipeReader reader, long budget, CancellationToken cancellationToken)
    {
        while (budget >= 0)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            budget -= result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return budget >= 0;
            }
        }

        return false;
    }
}
