using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace JustScale.Reliability.Tests;

/// <summary>Calls the example over real HTTP/1.1 with as many parallel connections as there are requests in flight.</summary>
internal sealed class ApiClient : IDisposable
{
    public const string Password = "correct horse battery staple";

    private readonly HttpClient _http;

    /// <param name="baseAddress">The server's address.</param>
    /// <param name="timeout">How long a request may take (60 s by default).</param>
    /// <param name="pinned">A self-signed certificate to accept over HTTPS (that one only), such as the test balancer's.</param>
    /// <param name="localAddress">A loopback address to connect from (127.0.0.2, ...): another client, as the server sees it.</param>
    public ApiClient(Uri baseAddress, TimeSpan? timeout = null, X509Certificate2? pinned = null, IPAddress? localAddress = null)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        if (localAddress is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(localAddress, 0));
                    var host = context.DnsEndPoint.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(context.DnsEndPoint.Host);
                    await socket.ConnectAsync(new IPEndPoint(host, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        if (pinned is not null)
        {
            var thumbprint = pinned.GetCertHashString();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && string.Equals(certificate.GetCertHashString(), thumbprint, StringComparison.Ordinal);
        }

        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(60) };
    }

    /// <summary>Sends one request; a body is sent as JSON, a token as <c>Authorization: Bearer</c>.</summary>
    public async Task<ApiResponse> SendAsync(
        HttpMethod method, string path, object? body = null, string? token = null, CancellationToken cancellationToken = default, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var clock = Stopwatch.StartNew();
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return new ApiResponse(response.StatusCode, text, response.Headers.RetryAfter?.Delta, clock.Elapsed)
        {
            Headers = response.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase),
        };
    }

    public Task<ApiResponse> GetAsync(string path, string? token = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, path, null, token, cancellationToken);

    public Task<ApiResponse> PostAsync(string path, object? body = null, string? token = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, path, body, token, cancellationToken);

    /// <summary>Registers a user and returns the token; fails the test unless the answer is 200.</summary>
    public async Task<string> RegisterAsync(string email, string password = Password, string? name = null)
    {
        var response = await PostAsync("/auth/register", new { email, password, name });
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Text);
        return response.Json.GetProperty("token").GetString()!;
    }

    /// <summary>Logs a user in and returns the token; fails the test unless the answer is 200.</summary>
    public async Task<string> LoginAsync(string email, string password = Password)
    {
        var response = await PostAsync("/auth/login", new { email, password });
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Text);
        return response.Json.GetProperty("token").GetString()!;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>One answer: status, body text, Retry-After and how long it took.</summary>
internal sealed record ApiResponse(HttpStatusCode Status, string Text, TimeSpan? RetryAfter, TimeSpan Elapsed)
{
    /// <summary>Gets the response headers (not the content headers), by name.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the body parsed as JSON (default when the body is empty).</summary>
    public JsonElement Json => Text.Length == 0 ? default : JsonDocument.Parse(Text).RootElement.Clone();

    /// <summary>Gets the "error" member of a JSON object body, or null.</summary>
    public string? Error =>
        Text.StartsWith('{') && Json.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : null;

    /// <summary>Gets the status as a number.</summary>
    public int Code => (int)Status;
}
