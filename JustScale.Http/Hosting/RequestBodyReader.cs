using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace JustScale.Http.Hosting;

/// <summary>Reads a request body into a pooled buffer, enforcing the size limit, and checks that it is JSON.</summary>
internal static class RequestBodyReader
{
    private const int ChunkedInitialSize = 4096;

    /// <summary>Gets whether the request carries a body (a positive Content-Length, or chunked).</summary>
    public static bool HasBody(HttpContext http) =>
        http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? http.Request.ContentLength > 0;

    /// <summary>Reads the whole body; returns false when it is over <paramref name="maxBytes"/> (declared or actually sent).</summary>
    /// <remarks>On success the caller owns <c>Buffer</c> (from <see cref="ArrayPool{T}.Shared"/>) and returns it.</remarks>
    public static async ValueTask<(bool Fits, byte[]? Buffer, int Length)> ReadAsync(HttpContext http, int maxBytes)
    {
        var declared = http.Request.ContentLength;
        if (declared > maxBytes)
        {
            return (false, null, 0);
        }

        var reader = http.Request.BodyReader;
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
                    reader.AdvanceTo(data.End);
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (false, null, 0);
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
                    return (true, buffer, length);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Checks that the bytes are exactly one JSON value (whitespace around it allowed).</summary>
    public static bool IsJson(ReadOnlySpan<byte> body)
    {
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
}
