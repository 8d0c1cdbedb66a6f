using NUnit.Framework;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace JustScale.Testing;

/// <summary>Calls a running app over real HTTP (or a WebApplicationFactory's client) and reads JSON answers; disposes the HttpClient.</summary>
public sealed class ApiClient(HttpClient http) : IDisposable
{
    private readonly HttpClient _http = http;

    public ApiClient(Uri baseAddress)
        : this(new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) })
    {
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(
        HttpMethod method, string path, object? body = null, string? token = null, string? userAgent = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, json);
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, object? body = null, string? token = null) =>
        SendAsync(HttpMethod.Post, path, body, token);

    public Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path, string? token = null) =>
        SendAsync(HttpMethod.Get, path, null, token);

    public Task<(HttpStatusCode Status, JsonElement Body)> DeleteAsync(string path, string? token = null) =>
        SendAsync(HttpMethod.Delete, path, null, token);

    public async Task<string> RegisterAsync(string email, string password = "correct horse battery staple", string? name = null, string? userAgent = null)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/auth/register", new { email, password, name }, userAgent: userAgent);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        return body.GetProperty("token").GetString()!;
    }

    public async Task<string> LoginAsync(string email, string password = "correct horse battery staple", string? userAgent = null)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/auth/login", new { email, password }, userAgent: userAgent);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        return body.GetProperty("token").GetString()!;
    }

    public void Dispose() => _http.Dispose();
}
