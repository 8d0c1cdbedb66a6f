using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace JustScale.Cli.Tests;

/// <summary>Calls the running complete example over real HTTP: register, login, an authenticated GET.</summary>
internal sealed class HttpExample(Uri baseAddress) : IDisposable
{
    public const string Password = "correct horse battery staple";
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<string> RegisterAsync(string email) => await TokenAsync("/auth/register", new { email, password = Password });

    public async Task<string> LoginAsync(string email) => await TokenAsync("/auth/login", new { email, password = Password });

    public async Task<HttpStatusCode> LoginStatusAsync(string email)
    {
        using var response = await _http.PostAsJsonAsync("/auth/login", new { email, password = Password });
        return response.StatusCode;
    }

    public Task<HttpStatusCode> ProfileAsync(string token) => GetStatusAsync("/profile", token);

    public async Task<HttpStatusCode> GetStatusAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    public async Task<string> AccessTokenAsync(string sessionToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/token");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sessionToken);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        var body = JsonDocument.Parse(text).RootElement;
        return (body.TryGetProperty("accessToken", out var access) ? access : body.GetProperty("token")).GetString()!;
    }

    private async Task<string> TokenAsync(string path, object body)
    {
        using var response = await _http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonDocument.Parse(text).RootElement.GetProperty("token").GetString()!;
    }

    public void Dispose() => _http.Dispose();
}
