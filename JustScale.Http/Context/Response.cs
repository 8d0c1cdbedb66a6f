using System.Buffers;
using JustScale.Http.Json;
using Microsoft.AspNetCore.Http;

namespace JustScale.Http;

/// <summary>Writes the response of a request: <c>Json(obj)</c>, <c>Status(409).Json(obj)</c>, <c>Status(204).End()</c>.</summary>
/// <remarks>
/// The first write wins: once <see cref="Json{T}"/> or <see cref="End"/> has written, later writes, statuses and
/// headers are ignored. A handler that writes nothing is answered with 204. A written response stops the route:
/// later middleware, guards and the handler do not run.
/// </remarks>
public sealed class Response
{
    private const string JsonContentType = "application/json; charset=utf-8";
    private readonly HttpContext _http;
    private int _status = StatusCodes.Status200OK;
    private bool _written;

    internal Response(HttpContext http) => _http = http;

    /// <summary>Gets whether the response has been written (by this object or directly through the HttpContext).</summary>
    public bool HasStarted => _written || _http.Response.HasStarted;

    /// <summary>Gets the status that was written, or the one the next write will use.</summary>
    public int StatusCode => HasStarted ? _http.Response.StatusCode : _status;

    /// <summary>Sets the status code of the next write and returns this response for chaining.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The code is not between 100 and 599.</exception>
    public Response Status(int statusCode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        if (!HasStarted)
        {
            _status = statusCode;
        }

        return this;
    }

    /// <summary>Sets a response header and returns this response; ignored once the response is written.</summary>
    public Response Header(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!HasStarted)
        {
            _http.Response.Headers[name] = value;
        }

        return this;
    }

    /// <summary>Writes <paramref name="value"/> as camelCase JSON with the pending status (200 unless set).</summary>
    /// <remarks>Does nothing when the response is already written. A value that cannot be serialized throws before anything is written.</remarks>
    public void Json<T>(T value)
    {
        if (HasStarted)
        {
            return;
        }

        var buffer = JsonBuffer.Rent();
        try
        {
            HttpJson.Serialize(buffer.Writer, value);
            WriteJson(_status, buffer.WrittenSpan);
        }
        finally
        {
            JsonBuffer.Return(buffer);
        }
    }

    /// <summary>Ends the response without a body, with the pending status (for example <c>Status(204).End()</c>).</summary>
    public void End()
    {
        if (!TryClaim())
        {
            return;
        }

        _http.Response.StatusCode = _status;
    }

    /// <summary>Answers 201 Created with a Location header and <paramref name="value"/> as JSON (<c>ctx.Res.Created($"/todos/{todo.Id}", todo)</c>).</summary>
    /// <remarks>Does nothing when the response is already written. Declare it with <c>.Returns&lt;T&gt;(201)</c>.</remarks>
    /// <param name="location">The new resource's URL, absolute or relative to the request (<c>/todos/4</c>).</param>
    /// <param name="value">The created resource.</param>
    public void Created<T>(string location, T value)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        if (HasStarted)
        {
            return;
        }

        Header("Location", location);
        Status(StatusCodes.Status201Created).Json(value);
    }

    /// <summary>Answers 204 No Content, without a body (the same as <c>Status(204).End()</c>).</summary>
    /// <remarks>Does nothing when the response is already written. Declare it with <c>.Returns(204)</c>.</remarks>
    public void NoContent() => Status(StatusCodes.Status204NoContent).End();

    /// <summary>Writes finished JSON bytes with a status, unless the response is already written.</summary>
    internal void WriteJson(int status, ReadOnlySpan<byte> json)
    {
        if (!TryClaim())
        {
            return;
        }

        var response = _http.Response;
        response.StatusCode = status;
        if (status is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        {
            return;
        }

        response.ContentType = JsonContentType;
        response.ContentLength = json.Length;
        response.BodyWriter.Write(json);
    }

    /// <summary>Answers 204 when nothing was written.</summary>
    internal void CompleteUnwritten()
    {
        if (TryClaim())
        {
            _http.Response.StatusCode = StatusCodes.Status204NoContent;
        }
    }

    private bool TryClaim()
    {
        if (HasStarted)
        {
            return false;
        }

        _written = true;
        return true;
    }
}
