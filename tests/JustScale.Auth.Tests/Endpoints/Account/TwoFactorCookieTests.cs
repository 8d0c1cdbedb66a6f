using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JustScale.Auth.Tests.Endpoints.Account;

/// <summary>Runs the second step with the cookie transport on (<c>--session-cookies</c>): verify sets the httpOnly cookie and answers no token.</summary>
[TestFixture]
public sealed class TwoFactorCookieTests
{
    private const string Password = "correct horse battery staple";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 1, 8, 0, 10, TimeSpan.Zero));
    private AccountApp _app = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartExample()
    {
        _app = await AccountApp.StartAsync("InMemory", options => options.Time = _time, sessionCookies: true);
        _http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = _app.Url };
    }

    [OneTimeTearDown]
    public async Task StopExample()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Test]
    public async Task Verify_CookieTransport_SetsCookieWithoutTokenAndLoginSetsNone()
    {
        var email = $"2fa-cookie-{Guid.NewGuid():N}@example.com";
        var registered = await PostAsync("/auth/register", new { email, password = Password });
        var cookie = CookieOf(registered);
        var secret = (await JsonAsync(await PostAsync("/account/2fa/setup", null, cookie))).GetProperty("secret").GetString()!;
        await PostAsync("/account/2fa/enable", new { code = TotpCodes.At(secret, _time.GetUtcNow()), password = Password }, cookie);

        var login = await PostAsync("/auth/login", new { email, password = Password });
        var ticket = (await JsonAsync(login)).GetProperty("ticket").GetString()!;
        var verified = await PostAsync("/account/2fa/verify", new { ticket, code = TotpCodes.At(secret, _time.GetUtcNow()) });
        var verifiedBody = await JsonAsync(verified);
        using var profile = new HttpRequestMessage(HttpMethod.Get, "/profile");
        profile.Headers.Add("Cookie", CookieOf(verified));
        using var me = await _http.SendAsync(profile);

        Assert.That(login.Headers.Contains("Set-Cookie"), Is.False, "the password step sets no session cookie");
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(verifiedBody.GetProperty("token").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(verified.Headers.GetValues("Set-Cookie").Single(), Does.Contain("httponly").IgnoreCase);
        Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private async Task<HttpResponseMessage> PostAsync(string path, object? body, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("Origin", _app.Url.GetLeftPart(UriPartial.Authority)); // a page of the app's own origin, as a browser sends it
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        var response = await _http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static string CookieOf(HttpResponseMessage response) => response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
}
