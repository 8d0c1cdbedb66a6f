using System.Buffers;
using JustScale.Http.Dependencies;
using JustScale.Http.Hosting;
using JustScale.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Http;

/// <summary>Serves as the context every route starts with: the request, the cluster's services and the response.</summary>
/// <remarks>One is created per request; middleware wraps it in richer contexts (see <see cref="RequestContextWrapper{TInner}"/>).</remarks>
public sealed class RequestContext : IRequestContext
{
    private readonly ServerSettings _settings;
    private readonly RouteServices _injected;
    private readonly string _display;
    private byte[]? _body;
    private int _bodyLength;
    private long _bodyReserved;
    private bool _clientIpResolved;
    private string? _clientIp;
    private object? _boundBody;
    private bool _completed;

    internal RequestContext(HttpContext httpContext, Response response, ServerSettings settings, string display, RouteServices? injected = null)
    {
        _injected = injected ?? RouteServices.None;
        HttpContext = httpContext;
        Res = response;
        _settings = settings;
        _display = display;
    }

    /// <inheritdoc/>
    public HttpContext HttpContext { get; }

    /// <inheritdoc/>
    public RouteParams Params => new(HttpContext.Request.RouteValues);

    /// <inheritdoc/>
    public IQueryCollection Query => HttpContext.Request.Query;

    /// <inheritdoc/>
    public IHeaderDictionary Headers => HttpContext.Request.Headers;

    /// <inheritdoc/>
    public string? ClientIp
    {
        get
        {
            if (!_clientIpResolved)
            {
                // Behind a trusted proxy the forwarded headers middleware has already put the client's address here.
                var peer = HttpContext.Connection.RemoteIpAddress;
                _clientIp = (peer is { IsIPv4MappedToIPv6: true } ? peer.MapToIPv4() : peer)?.ToString();
                _clientIpResolved = true;
            }

            return _clientIp;
        }
    }

    /// <inheritdoc/>
    public IServiceProvider Services => HttpContext.RequestServices;

    /// <inheritdoc/>
    public CancellationToken RequestAborted => HttpContext.RequestAborted;

    /// <inheritdoc/>
    public Response Res { get; }

    /// <summary>Gets whether the request carried a JSON body.</summary>
    public bool HasBody => _bodyLength > 0;

    /// <inheritdoc/>
    /// <remarks>Binding the same type twice returns the same instance.</remarks>
    public T Body<T>()
    {
        if (_boundBody is T cached)
        {
            return cached;
        }

        if (_completed)
        {
            throw new InvalidOperationException("The request has completed; read the body while handling it.");
        }

        var json = _body is null ? BodyBinder.EmptyObject : _body.AsSpan(0, _bodyLength);
        var value = BodyBinder.Bind<T>(json);
        _boundBody = value;
        return value;
    }

    /// <inheritdoc/>
    public T Injected<T>() where T : class => _injected.Find<T>() ?? Services.GetRequiredService<T>();

    /// <summary>Gets what every request of the server shares.</summary>
    internal ServerSettings Settings => _settings;

    /// <summary>Reads the request body (when there is one) into a pooled buffer, within <paramref name="maxBytes"/> and the process-wide budget.</summary>
    /// <remarks>Runs where the route first needs the body (<see cref="RouteDefinition"/>), so that <c>.Use(Auth)</c> answers 401
    /// before a byte is buffered. False when the response was written instead: 413 over the limit, 503 with Retry-After over the
    /// budget, 400 for a body that is not JSON or could not be read.</remarks>
    internal async ValueTask<bool> ReadBodyAsync(int maxBytes)
    {
        if (_body is not null || !RequestBodyReader.HasBody(HttpContext))
        {
            return true;
        }

        BodyRead body;
        try
        {
            body = await RequestBodyReader.ReadAsync(HttpContext, maxBytes, _settings.MaxBodyBytes, _settings.BodyBudget).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _settings.Renderer.WriteBodyReadFailed(Res, HttpContext, ex, _display);
            return false;
        }

        if (body.IsOverBudget)
        {
            _settings.Renderer.WriteBodyBudgetExhausted(Res, _display);
            return false;
        }

        if (body.IsTooLarge)
        {
            _settings.Renderer.WritePayloadTooLarge(Res, _display, closeConnection: !body.Drained);
            return false;
        }

        _body = body.Buffer;
        _bodyLength = body.Length;
        _bodyReserved = body.Reserved;
        if (!RequestBodyReader.IsJson(_body.AsSpan(0, _bodyLength)))
        {
            _settings.Renderer.WriteInvalidJson(Res, _display);
            return false;
        }

        return true;
    }

    /// <summary>Gets the request as current on the route's flow (<see cref="RouteRequests"/>), cleared when the route completes.</summary>
    internal RouteRequests.Holder? Origin { get; init; }

    /// <summary>Gives back the pooled body buffer and its share of the body budget at the end of the request.</summary>
    internal void ReleaseBody()
    {
        var body = _body;
        _completed = true;
        _body = null;
        _bodyLength = 0;
        if (body is not null)
        {
            ArrayPool<byte>.Shared.Return(body);
            _settings.BodyBudget.Release(_bodyReserved);
            _bodyReserved = 0;
        }
    }
}
