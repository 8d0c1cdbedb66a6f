using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace JustScale.Http.Hosting;

/// <summary>Reads a request body into a pooled buffer, enforcing the size limit to the byte, and checks that it is JSON.</summary>
/// <remarks>
/// Memory is committed only as bytes arrive: the buffer starts at <see cref="InitialSize"/> (or the declared length when
/// smaller) and doubles as data comes in, never past the limit or the declared length. A client that declares 1 MiB and
/// then trickles costs what it has sent, not what it promised (issue 17: 250 such clients under a 100 MB heap limit used
/// to exhaust it before any rate limit or authentication ran).
/// The limit counts body bytes only; Kestrel's own limit (equal to it) stays as the backstop for bodies nobody reads,
/// and is widened for chunked requests, whose framing it counts. A body slightly over the limit (by up to <see cref="DrainBytes"/>) is read to its end and discarded, so a
/// client still sending it receives the 413 instead of a reset connection; a larger one is refused at once and the
/// connection closed.
/// </remarks>
internal static class RequestBodyReader
{
    /// <summary>Gets how far past the limit a body is still read and discarded before answering 413.</summary>
    public const int DrainBytes = 64 * 1024;

    /// <summary>Gets the size of the first buffer of a body: one Kestrel read, enough for a typical JSON request.</summary>
    public const int InitialSize = 4096;

    /// <summary>Gets whether the request carries a body (a positive Content-Length, or chunked).</summary>
    public static bool HasBody(HttpContext http) =>
        http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? http.Request.ContentLength > 0;

    /// <summary>Reads the whole body, or reports it over <paramref name="maxBytes"/> (declared or actually sent).</summary>
    /// <remarks>When it fits, the caller owns the buffer (from <see cref="ArrayPool{T}.Shared"/>) and returns it.
    /// <paramref name="kestrelLimit"/> is the server-wide limit Kestrel enforces; a route allowing more raises it for the request.</remarks>
    /// <remarks>Each buffer is reserved in <paramref name="budget"/> before it is rented; past the budget the read stops and reports
    /// <see cref="BodyRead.IsOverBudget"/> (nothing stays reserved).</remarks>
    public static async ValueTask<BodyRead> ReadAsync(HttpContext http, int maxBytes, int kestrelLimit, RequestBodyBudget budget)
    {
        var reader = http.Request.BodyReader;
        var declared = http.Request.ContentLength;
        if (declared > maxBytes)
        {
            if (declared > (long)maxBytes + DrainBytes)
            {
                // Below the declared length, Kestrel gives up on the body after the 413 and closes the connection at once,
                // instead of waiting (for as long as the minimum data rate allows) for bytes nobody will read.
                SetKestrelLimit(http, maxBytes);
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
        else if (declared > kestrelLimit)
        {
            SetKestrelLimit(http, declared.Value); // a route whose own limit is above the server's
        }

        // Never more than the body can hold: the limit, or the declared length (Kestrel refuses a body longer than declared).
        var ceiling = declared is { } known ? (int)known : maxBytes;
        var first = Math.Max(1, Math.Min(InitialSize, ceiling));
        if (!budget.TryReserve(first))
        {
            return BodyRead.OverBudget();
        }

        long reserved = first;
        var buffer = ArrayPool<byte>.Shared.Rent(first);
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
                    budget.Release(reserved);
                    reserved = 0;
                    var drained = result.IsCompleted
                        || await DrainAsync(reader, (long)maxBytes + DrainBytes - seen, http.RequestAborted).ConfigureAwait(false);
                    return BodyRead.TooLarge(drained);
                }

                if (length + data.Length > buffer.Length)
                {
                    // Geometric growth keeps the copying linear in the body size; only bytes received decide the size.
                    var size = (int)Math.Min(ceiling, Math.Max(buffer.Length * 2L, length + data.Length));
                    if (!budget.TryReserve(size))
                    {
                        reader.AdvanceTo(data.Start);
                        ArrayPool<byte>.Shared.Return(buffer);
                        budget.Release(reserved);
                        reserved = 0;
                        return BodyRead.OverBudget();
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(size);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    budget.Release(reserved);
                    reserved = size;
                    buffer = larger;
                }

                data.CopyTo(buffer.AsSpan(length));
                length += (int)data.Length;
                reader.AdvanceTo(data.End);
                if (result.IsCompleted)
                {
                    return BodyRead.Fits(buffer, length, reserved);
                }
            }
        }
        catch
        {
            if (reserved > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                budget.Release(reserved);
            }

            throw;
        }
    }

    /// <summary>Checks that a Content-Type names JSON: <c>application/json</c> or <c>application/*+json</c>, any parameters, any case.</summary>
    /// <remarks>
    /// A missing type, <c>text/plain</c>, <c>application/x-www-form-urlencoded</c> and <c>multipart/form-data</c> are refused:
    /// they are what an HTML form (or a "simple" cross-site fetch) can send without a CORS preflight, so a route that
    /// accepts only JSON cannot be driven by another site's page (login CSRF, issue 17).
    /// </remarks>
    public static bool IsJsonMediaType(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var type = contentType.AsSpan();
        var parameters = type.IndexOf(';');
        if (parameters >= 0)
        {
            type = type[..parameters];
        }

        type = type.Trim();
        const string Application = "application/";
        if (!type.StartsWith(Application, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var subtype = type[Application.Length..];
        return subtype.Equals("json", StringComparison.OrdinalIgnoreCase)
            || (subtype.Length > "+json".Length && subtype.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
                && subtype.IndexOfAny(" \t/") < 0);
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
